package hours

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// MustRegister validates the places' timetables on every save.
func MustRegister(app core.App) {
	app.OnRecordValidate("places").BindFunc(func(e *core.RecordEvent) error {
		errs := validation.Errors{}
		if err := ValidateWeekly([]byte(e.Record.GetString("hours"))); err != nil {
			errs["hours"] = err
		}
		if err := ValidateExceptions([]byte(e.Record.GetString("exceptions"))); err != nil {
			errs["exceptions"] = err
		}
		if len(errs) > 0 {
			return errs
		}
		return e.Next()
	})
}
