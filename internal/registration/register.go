package registration

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// MustRegister binds the seat allocation to registration requests.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("registrations").BindFunc(onCreate)
	app.OnRecordUpdateRequest("registrations").BindFunc(onUpdate)
	app.OnRecordDeleteRequest("registrations").BindFunc(onDelete)
	app.OnRecordCreateRequest("activities").BindFunc(guardSeatsTaken)
	app.OnRecordUpdateRequest("activities").BindFunc(guardSeatsTaken)
	keepSeatsTaken(app)
}

func closedError(e *core.RecordRequestEvent) error {
	return e.BadRequestError("Registrations for this activity are closed.", map[string]any{
		"activity": validation.NewError("registration_closed", "Registrations for this activity are closed"),
	})
}

// open reports whether an activity still takes registrations: approved and
// not yet started.
func open(activity *core.Record) bool {
	return activity.GetString("status") == "approved" &&
		activity.GetDateTime("starts_at").Time().After(time.Now())
}

// withActivity runs fn in one transaction with the registration's activity
// loaded, so the seats it counts cannot change under it.
func withActivity(e *core.RecordRequestEvent, fn func(txApp core.App, activity *core.Record) error) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		activity, err := txApp.FindRecordById("activities", e.Record.GetString("activity"))
		if err != nil {
			return e.NotFoundError("", err)
		}
		return fn(txApp, activity)
	})
}

func onCreate(e *core.RecordRequestEvent) error {
	return withActivity(e, func(txApp core.App, activity *core.Record) error {
		if !open(activity) {
			return closedError(e)
		}
		if err := decide(txApp, activity, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
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

func onUpdate(e *core.RecordRequestEvent) error {
	return withActivity(e, func(txApp core.App, activity *core.Record) error {
		before := e.Record.Original()
		cancelling := e.Record.GetString("status") == "cancelled"
		if !cancelling {
			// asking again after cancelling, or changing how many come:
			// the seats are decided anew, never taken from the waiting list.
			if before.GetString("status") == "cancelled" && !open(activity) {
				return closedError(e)
			}
			if err := decide(txApp, activity, e.Record); err != nil {
				return err
			}
		}
		if err := e.Next(); err != nil {
			return err
		}
		return promoteWaitlist(txApp, activity)
	})
}

func onDelete(e *core.RecordRequestEvent) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		activity, err := txApp.FindRecordById("activities", e.Record.GetString("activity"))
		if err != nil {
			return nil // the activity went with it
		}
		return promoteWaitlist(txApp, activity)
	})
}
