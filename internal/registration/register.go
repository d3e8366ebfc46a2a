package registration

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// MustRegister binds the seat allocation to registration requests. The
// hooks only translate a request into Register, Change or Withdraw, which
// internal/mutations calls too.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationCreate", Func: onCreate})
	app.OnRecordUpdateRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationUpdate", Func: onUpdate})
	app.OnRecordDeleteRequest("registrations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubRegistrationDelete", Func: onDelete})
	app.OnRecordCreateRequest("activities").BindFunc(guardSeatsTaken)
	app.OnRecordUpdateRequest("activities").BindFunc(guardSeatsTaken)
	keepSeatsTaken(app)
}

// CodeClosed is the refusal of a registration for an activity that no
// longer takes them.
const CodeClosed = "registration_closed"

func closedError() error {
	return router.NewBadRequestError("Registrations for this activity are closed.", map[string]any{
		"activity": validation.NewError(CodeClosed, "Registrations for this activity are closed"),
	})
}

// open reports whether an activity still takes registrations: approved and
// not yet started.
func open(activity *core.Record) bool {
	return activity.GetString("status") == "approved" &&
		activity.GetDateTime("starts_at").Time().After(time.Now())
}

// activityOf loads a registration's activity inside txApp's transaction, so
// the seats counted against it cannot change under the caller.
func activityOf(txApp core.App, reg *core.Record) (*core.Record, error) {
	activity, err := txApp.FindRecordById("activities", reg.GetString("activity"))
	if err != nil {
		return nil, router.NewNotFoundError("", err)
	}
	return activity, nil
}

// Register decides a new registration's status (going while there are
// seats for everyone it brings, else waitlisted) and saves it with save,
// all in txApp, which must be a transaction: the records API passes its
// hook chain (e.Next), a sync mutation txApp.Save. Refused with
// CodeClosed when the activity is not open.
func Register(txApp core.App, reg *core.Record, save func() error) error {
	activity, err := activityOf(txApp, reg)
	if err != nil {
		return err
	}
	if !open(activity) {
		return closedError()
	}
	if err := decide(txApp, activity, reg); err != nil {
		return err
	}
	return save()
}

// Change applies a change to an existing registration (reg as it will be
// saved, reg.Original() as stored): cancelling frees its seats for the
// waiting list; asking again after a cancellation, or changing how many
// come, decides the seats anew, never taking them from the waiting list.
// Same transaction rule as Register.
func Change(txApp core.App, reg *core.Record, save func() error) error {
	activity, err := activityOf(txApp, reg)
	if err != nil {
		return err
	}
	if reg.GetString("status") != "cancelled" {
		if reg.Original().GetString("status") == "cancelled" && !open(activity) {
			return closedError()
		}
		if err := decide(txApp, activity, reg); err != nil {
			return err
		}
	}
	if err := save(); err != nil {
		return err
	}
	return promoteWaitlist(txApp, activity)
}

// Withdraw deletes a registration with remove and gives its seats to the
// waiting list, in txApp's transaction.
func Withdraw(txApp core.App, reg *core.Record, remove func() error) error {
	if err := remove(); err != nil {
		return err
	}
	activity, err := txApp.FindRecordById("activities", reg.GetString("activity"))
	if err != nil {
		return nil // the activity went with it
	}
	return promoteWaitlist(txApp, activity)
}

// decide sets a registration asking for seats to going or waitlisted.
func decide(txApp core.App, activity, reg *core.Record) error {
	ok, err := fits(txApp, activity, reg)
	if err != nil {
		return err
	}
	if ok {
		reg.Set("status", "going")
	} else {
		reg.Set("status", "waitlisted")
	}
	return nil
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
