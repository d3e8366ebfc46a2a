// Package activities guards the calendar's records: an activity must end
// after it starts.
package activities

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// MustRegister binds the activity checks that hold for every save.
func MustRegister(app core.App) {
	app.OnRecordValidate("activities").BindFunc(func(e *core.RecordEvent) error {
		starts := e.Record.GetDateTime("starts_at")
		ends := e.Record.GetDateTime("ends_at")
		if !starts.IsZero() && !ends.IsZero() && !ends.Time().After(starts.Time()) {
			return validation.Errors{
				"ends_at": validation.NewError("validation_ends_before_starts", "The end must come after the start"),
			}
		}
		return e.Next()
	})
}
