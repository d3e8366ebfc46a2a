package mydata

import (
	"net/http"
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
func forgetInLogs(e *core.RecordEvent) error {
	app, needles := e.App, []string{e.Record.Id, e.Record.Email()}
	purgeLogs(app, needles)
	routine.FireAndForget(func() {
		time.Sleep(logFlushDelay)
		purgeLogs(app, needles)
	})
	return e.Next()
}

// logFlushDelay is longer than PocketBase's log batch interval (3 s).
const logFlushDelay = 4 * time.Second

func purgeLogs(app core.App, needles []string) {
	if !app.IsBootstrapped() {
		return // the hub stopped (or a test app was cleaned up) meanwhile
	}
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
