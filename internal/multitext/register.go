package multitext

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/inputguard"
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
	"announcements": {"title": true, "body": true},
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
				if err := ValidateIn([]byte(e.Record.GetString(name)), required, SourceLanguage(e.Record, name)); err != nil {
					errs[name] = err
				}
			}
			if len(errs) > 0 {
				return errs
			}
			return e.Next()
		})
		app.OnRecordUpdateRequest(collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
			Id: "hugMediatorsTranslate_" + collection, Func: onlyTranslationsForMediators,
		})
		// Who saves, for the provenance: set before any other request
		// hook's save (Priority -100).
		app.OnRecordCreateRequest(collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
			Id: "hugTextActor_" + collection, Priority: -100, Func: setRequestActor,
		})
		app.OnRecordUpdateRequest(collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
			Id: "hugTextActor_" + collection, Priority: -100, Func: setRequestActor,
		})
		// The provenance, on every save (SaveNoValidate too: the model
		// hooks wrap validation and the write).
		maintain := &hook.Handler[*core.RecordEvent]{Id: "hugProvenance_" + collection, Func: func(e *core.RecordEvent) error {
			// The hashes are of the text as stored: cleaned first (Bidi
			// controls go in validation, which runs later, inside Next),
			// else the next save's text no longer matches its own hash and
			// every translation looks out of date.
			_ = inputguard.CleanRecord(e.Record) // its errors: validation refuses the save
			Maintain(e.Record)
			return e.Next()
		}}
		app.OnRecordCreate(collection).Bind(maintain)
		app.OnRecordUpdate(collection).Bind(maintain)
	}
}

// setRequestActor records the caller of the records API as the saver.
func setRequestActor(e *core.RecordRequestEvent) error {
	SetActor(e.Record, e.Auth)
	return e.Next()
}

// onlyTranslationsForMediators holds a mediator's update to
// CheckMediatorEdit: the API rules let mediators update content
// collections, this narrows it to their job.
func onlyTranslationsForMediators(e *core.RecordRequestEvent) error {
	if !vocab.HasRole(e.Auth, vocab.RoleMediator) {
		return e.Next()
	}
	if err := CheckMediatorEdit(e.Auth, e.Record); err != nil {
		return e.ForbiddenError("", err)
	}
	return e.Next()
}
