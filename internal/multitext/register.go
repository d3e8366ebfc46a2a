package multitext

import (
	"reflect"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// Fields lists, per collection, the multilingual fields and whether the
// Italian source is required. It is also the set of fields a mediator may
// change.
var Fields = map[string]map[string]bool{
	"activities":    {"title": true, "summary": false, "body": false, "location_note": false},
	"services":      {"name": true, "summary": false},
	"groups":        {"name": true, "description": false},
	"places":        {"description": false, "hours_note": false},
	"organizations": {"description": false},
	"centre":        {"tagline": false, "description": false, "service_lines": false},
}

// MustRegister validates multilingual fields on every save, whoever makes it,
// and keeps mediators to translating.
func MustRegister(app core.App) {
	for collection, fields := range Fields {
		app.OnRecordValidate(collection).BindFunc(func(e *core.RecordEvent) error {
			errs := validation.Errors{}
			for name, required := range fields {
				if name == "service_lines" {
					continue // a list of texts; shape checked by the seed and staff UI
				}
				if err := Validate([]byte(e.Record.GetString(name)), required); err != nil {
					errs[name] = err
				}
			}
			if len(errs) > 0 {
				return errs
			}
			return e.Next()
		})
		app.OnRecordUpdateRequest(collection).BindFunc(func(e *core.RecordRequestEvent) error {
			return onlyTranslationsForMediators(e, fields)
		})
	}
}

// onlyTranslationsForMediators refuses a mediator's change to anything but
// the multilingual fields: the API rules let mediators update content
// collections, this narrows it to what their job is.
func onlyTranslationsForMediators(e *core.RecordRequestEvent, fields map[string]bool) error {
	if !vocab.HasRole(e.Auth, vocab.RoleMediator) {
		return e.Next()
	}
	original := e.Record.Original()
	for _, field := range e.Record.Collection().Fields {
		name := field.GetName()
		if _, translatable := fields[name]; translatable || name == "updated" {
			continue
		}
		if !reflect.DeepEqual(original.Get(name), e.Record.Get(name)) {
			return e.ForbiddenError("Mediators may change translations only.", map[string]any{
				name: validation.NewError("mediators_translate_only", "Mediators may change translations only"),
			})
		}
	}
	return e.Next()
}
