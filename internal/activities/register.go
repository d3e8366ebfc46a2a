// Package activities guards the calendar's records: an activity ends after
// it starts and lasts at most MaxDays. (Its dates lie in the hub's window,
// like every date field: internal/dates.)
package activities

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MaxDays is the longest an activity may last: a month-long summer
// programme fits; anything longer is a series of activities, or a typo that
// would keep an activity "ongoing" on every phone.
const MaxDays = 31

// MustRegister binds the activity checks that hold for every save.
func MustRegister(app core.App) {
	app.OnRecordValidate("activities").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubActivitySchedule",
		Func: func(e *core.RecordEvent) error {
			err := ValidateSchedule(e.Record.GetDateTime("starts_at").Time(), e.Record.GetDateTime("ends_at").Time())
			if err != nil {
				return err
			}
			return e.Next()
		},
	})
	app.OnRecordEnrich("activities").Bind(&hook.Handler[*core.RecordEnrichEvent]{
		Id:   "hubActivityPrivateFields",
		Func: hidePrivateFields,
	})
}

// ValidateSchedule is the rule for an activity's start and end (either may
// be missing: the required check reports that).
func ValidateSchedule(starts, ends time.Time) error {
	if starts.IsZero() || ends.IsZero() {
		return nil
	}
	if !ends.After(starts) {
		return validation.Errors{
			"ends_at": validation.NewError("validation_ends_before_starts", "The end must come after the start"),
		}
	}
	if ends.Sub(starts) > MaxDays*24*time.Hour {
		return validation.Errors{
			"ends_at": validation.NewError("validation_activity_too_long", "An activity can last at most {{.Count}} days").
				SetParams(map[string]any{"Count": MaxDays}),
		}
	}
	return nil
}
