// Package mutations is the push half of sync (docs/SYNC.md):
// POST /api/hub/mutations applies the writes a phone made offline, each
// exactly once, in order, with the records API's rules and the same Go
// functions its hooks call (internal/registration, internal/groups,
// internal/accounts), and answers with each one's outcome, refusals in the
// records API's codes and the caller's language.
//
// A mutation is a name and a Go function (registry.go); later issues add
// theirs with one Register call.
package mutations

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
)

// Retention is how long an outcome is kept for replays: a phone that sent
// a mutation and lost the answer sends it again when it is next online.
const Retention = 90 * 24 * time.Hour

// MustRegister binds the endpoint, the retention of outcomes and their
// removal with the person.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/hub/mutations", handle(catalog)).Bind(apis.RequireAuth("users"))
		return se.Next()
	})
	app.Cron().MustAdd("hubMutationsRetention", "23 3 * * *", func() {
		_ = Forget(app, time.Now().Add(-Retention))
	})
	// An account's outcomes (their arguments are that person's data) go
	// with the account, in its delete's transaction.
	app.OnRecordDelete("users").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubMutationsForgetUser",
		Func: func(e *core.RecordEvent) error {
			if _, err := e.App.DB().Delete(Table, dbx.HashExp{"user": e.Record.Id}).Execute(); err != nil {
				return err
			}
			return e.Next()
		},
	})
}

// Forget deletes the outcomes stored before a time.
func Forget(app core.App, before time.Time) error {
	_, err := app.DB().Delete(Table, dbx.NewExp("created < {:t}", dbx.Params{"t": before.UnixMilli()})).Execute()
	return err
}
