package registration

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the seat allocation to registration requests, the
// settling of seats to every write of registrations and activities, and
// the offers' cron. The request hooks only translate a request into
// Register, Change or Withdraw, which internal/mutations calls too.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationCreate", Func: onCreate})
	app.OnRecordUpdateRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationUpdate", Func: onUpdate})
	app.OnRecordDeleteRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationDelete", Func: onDelete})
	app.OnRecordCreateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubSeatsTakenGuardCreate", Func: guardSeatsTaken})
	app.OnRecordUpdateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubSeatsTakenGuardUpdate", Func: guardSeatsTaken})
	bindSettling(app)
	app.Cron().MustAdd("hubRegistrationOffers", "* * * * *", func() {
		if err := ExpireOffers(app, time.Now()); err != nil {
			app.Logger().Error("expiring registration offers", "error", err)
		}
	})
}

// guardSeatsTaken keeps clients (staff included) from writing the counter.
func guardSeatsTaken(e *core.RecordRequestEvent) error {
	if e.Record.IsNew() {
		e.Record.Set("seats_taken", 0)
	} else {
		e.Record.Set("seats_taken", e.Record.Original().GetInt("seats_taken"))
	}
	return e.Next()
}

// inTransaction runs one of the functions above for a request, with the
// request's app switched to the transaction for the rest of the chain.
func inTransaction(e *core.RecordRequestEvent, fn func(txApp core.App, reg *core.Record, next func() error) error) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		return fn(txApp, e.Record, e.Next)
	})
}

func onCreate(e *core.RecordRequestEvent) error { return inTransaction(e, Register) }
func onUpdate(e *core.RecordRequestEvent) error { return inTransaction(e, Change) }
func onDelete(e *core.RecordRequestEvent) error { return inTransaction(e, Withdraw) }
