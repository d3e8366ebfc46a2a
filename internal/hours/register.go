package hours

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister validates the places' timetables on every save.
func MustRegister(app core.App) {
	app.OnRecordValidate("places").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubValidateHours",
		Func: func(e *core.RecordEvent) error {
			errs := validation.Errors{}
			if err := ValidateWeekly([]byte(e.Record.GetString("hours"))); err != nil {
				errs["hours"] = err
			}
			if err := ValidateExceptions([]byte(e.Record.GetString("exceptions")), time.Now()); err != nil {
				errs["exceptions"] = err
			}
			if len(errs) > 0 {
				return errs
			}
			return e.Next()
		},
	})
}
