package mydata

import (
	"net/http"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"
)

// DeleteAccount deletes a person's account and what goes with it, in one
// transaction (see the package comment for what stays).
func DeleteAccount(app core.App, user *core.Record) error {
	return app.RunInTransaction(func(txApp core.App) error {
		return txApp.Delete(user)
	})
}

// deleteUnpublishedProposals removes, with the account, the activities the
// person proposed that never reached the calendar: nobody else has a
// reason to keep them. Published ones (approved, cancelled) stay, and
// PocketBase clears their proposer field.
func deleteUnpublishedProposals(e *core.RecordEvent) error {
	proposals, err := e.App.FindRecordsByFilter("activities",
		"proposer = {:user} && status != 'approved' && status != 'cancelled'", "", 0, 0,
		dbx.Params{"user": e.Record.Id})
	if err != nil {
		return err
	}
	for _, p := range proposals {
		if err := e.App.Delete(p); err != nil {
			return err
		}
	}
	return e.Next()
}

// forgetInLogs deletes the request log lines that mention the account (its
// id in a URL or filter, its e-mail): the log keeps addresses of
// connections for a few days, and with the id they would point to the
// person. PocketBase writes log lines in batches every few seconds, so the
// lines of the last requests before the deletion are cleared again once
// they have landed. The lines of later requests carry neither.
func (l *logForgetter) forgetInLogs(e *core.RecordEvent) error {
	app, needles := e.App, []string{e.Record.Id, e.Record.Email()}
	purgeLogs(app, needles)
	routine.FireAndForget(func() {
		select {
		case <-time.After(logFlushDelay):
		case <-l.stopping:
		}
		// Holding the read lock keeps the hub from closing its databases
		// under the purge; once it is stopping there is nothing to purge.
		l.mu.RLock()
		defer l.mu.RUnlock()
		if !l.stopped {
			purgeLogs(app, needles)
		}
	})
	return e.Next()
}

// logForgetter runs the delayed purge only while the hub runs: asking
// app.IsBootstrapped from another goroutine races with the hub's own stop.
type logForgetter struct {
	mu       sync.RWMutex
	stopped  bool
	stopping chan struct{}
}

func newLogForgetter() *logForgetter {
	return &logForgetter{stopping: make(chan struct{})}
}

func (l *logForgetter) onTerminate(e *core.TerminateEvent) error {
	l.mu.Lock()
	if !l.stopped {
		l.stopped = true
		close(l.stopping)
	}
	l.mu.Unlock()
	return e.Next()
}

// logFlushDelay is longer than PocketBase's log batch interval (3 s).
const logFlushDelay = 4 * time.Second

func purgeLogs(app core.App, needles []string) {
	for _, needle := range needles {
		if needle == "" {
			continue
		}
		if _, err := app.AuxDB().Delete("_logs", dbx.Or(dbx.Like("data", needle), dbx.Like("message", needle))).Execute(); err != nil {
			app.Logger().Warn("could not clear the request log of a deleted account", "error", err)
		}
	}
}

func handleDelete(e *core.RequestEvent) error {
	if err := DeleteAccount(e.App, e.Auth); err != nil {
		return e.BadRequestError("", err)
	}
	return e.NoContent(http.StatusNoContent)
}
