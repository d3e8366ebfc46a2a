package dates

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister checks every date field of every collection on every save
// (records API, seed, staff edits, future sync mutations: they all validate).
// Autodate fields (created, updated) are the server's clock and not checked.
func MustRegister(app core.App) {
	app.OnRecordValidate().Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubDateWindow",
		Func: func(e *core.RecordEvent) error {
			if err := CheckRecord(e.Record, time.Now()); err != nil {
				return err
			}
			return e.Next()
		},
	})
}

// CheckRecord applies InWindow to each non-empty date field of record.
func CheckRecord(record *core.Record, now time.Time) error {
	errs := validation.Errors{}
	for _, field := range record.Collection().Fields {
		if field.Type() != core.FieldTypeDate {
			continue
		}
		value := record.GetDateTime(field.GetName())
		if value.IsZero() {
			continue
		}
		if err := InWindow(value.Time(), now); err != nil {
			errs[field.GetName()] = err
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
