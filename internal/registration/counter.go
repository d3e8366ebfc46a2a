package registration

import (
	"github.com/pocketbase/pocketbase/core"
)

// keepSeatsTaken recomputes an activity's public seat counter after any
// change to its registrations, from the API, the admin UI or the seed. It
// runs inside the write's transaction (e.App is the transaction's app).
func keepSeatsTaken(app core.App) {
	recount := func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		activity, err := e.App.FindRecordById("activities", e.Record.GetString("activity"))
		if err != nil {
			return nil // deleted together with the activity
		}
		taken, err := seatsTaken(e.App, activity.Id, "")
		if err != nil || taken == activity.GetInt("seats_taken") {
			return err
		}
		activity.Set("seats_taken", taken)
		return e.App.SaveNoValidate(activity)
	}
	app.OnRecordCreate("registrations").BindFunc(recount)
	app.OnRecordUpdate("registrations").BindFunc(recount)
	app.OnRecordDelete("registrations").BindFunc(recount)
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
