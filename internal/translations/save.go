// Package translations is the mediators' workplace on the server: saving a
// translation as a draft or publishing it, and marking one reviewed. Each is
// one Go function that every path calls (the save_translation and
// review_translation mutations, tests, tools); the record's provenance is
// kept by internal/multitext on the save itself.
package translations

import (
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// DraftsCollection holds translations saved but not published.
const DraftsCollection = "translation_drafts"

// Target is one text of one record in one language: the field's path as in
// the provenance ("title", "service_lines.0.title").
type Target struct {
	Collection string `json:"collection"`
	Record     string `json:"record"`
	Field      string `json:"field"`
	Language   string `json:"language"`
}

// Save writes text as the translation of target by actor: a draft (seen by
// actor and staff only) or, with publish, into the record itself, where
// families read it. Only staff and mediators translate; a mediator only
// into the languages of their profile; never the original; only texts
// that have an original; plain text; a published one is not empty. Bad
// input changes nothing (TestBadTranslationsAreRefused). A publication
// removes the author's draft of it and is audited, in one transaction.
// It returns the record published, or the draft (nil when an empty draft
// was discarded).
func Save(app core.App, actor *core.Record, target Target, text string, publish bool) (*core.Record, error) {
	text = strings.TrimSpace(text)
	record, err := check(app, actor, target, true)
	if err != nil {
		return nil, err
	}
	if err := multitext.CheckTranslationText(text); err != nil {
		return nil, validation.Errors{"text": err}
	}
	if publish && text == "" {
		return nil, validation.Errors{"text": validation.NewError("translation_empty", "A published translation cannot be empty")}
	}
	var saved *core.Record
	err = app.RunInTransaction(func(txApp core.App) error {
		if !publish {
			saved, err = saveDraft(txApp, actor, target, text)
			return err
		}
		if err := setText(record, target, text); err != nil {
			return err
		}
		if vocab.HasRole(actor, vocab.RoleMediator) {
			if err := multitext.CheckMediatorEdit(actor, record); err != nil {
				return router.NewForbiddenError("", err)
			}
		}
		multitext.SetActor(record, actor)
		if err := saveRecord(txApp, record); err != nil {
			return err
		}
		if err := dropDraft(txApp, actor, target); err != nil {
			return err
		}
		saved = record
		return moderation.Append(txApp, actor, moderation.Decision{Action: "translate", Collection: target.Collection,
			RecordID: record.Id, Detail: topField(target.Field) + ": " + target.Language})
	})
	return saved, err
}

// check is who may translate what: the target must be a text of a
// translatable field of a record the actor may update (its collection's
// update rule, as the records API), in a language of the hub that is not
// the original, and for a mediator one of their languages.
func check(app core.App, actor *core.Record, target Target, needsOriginal bool) (*core.Record, error) {
	if !vocab.IsStaff(actor) && !vocab.HasRole(actor, vocab.RoleMediator) {
		return nil, router.NewForbiddenError("", validation.Errors{"language": validation.NewError("translation_mediators_only", "Only mediators and staff translate")})
	}
	fields, ok := multitext.Fields[target.Collection]
	if _, translatable := fields[topField(target.Field)]; !ok || !translatable {
		return nil, validation.Errors{"field": validation.NewError("translation_not_translatable", "This field is not a translatable text")}
	}
	if !vocab.IsLanguage(target.Language) {
		return nil, validation.Errors{"language": validation.NewError("translation_language_unknown", "The hub has no such language")}
	}
	record, err := app.FindRecordById(target.Collection, target.Record)
	if err != nil {
		return nil, router.NewNotFoundError("", nil)
	}
	info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: "PATCH", Auth: actor,
		Body: map[string]any{topField(target.Field): nil}, Query: map[string]string{}, Headers: map[string]string{}}
	if ok, err := app.CanAccessRecord(record, info, record.Collection().UpdateRule); err != nil || !ok {
		return nil, router.NewNotFoundError("", err)
	}
	source := multitext.SourceLanguage(record, topField(target.Field))
	if target.Language == source {
		return nil, validation.Errors{"language": validation.NewError("mediators_source_language", "Mediators translate: the original text is changed by its author or by staff")}
	}
	if !vocab.IsStaff(actor) && !slices.Contains(actor.GetStringSlice("languages"), target.Language) {
		return nil, validation.Errors{"language": validation.NewError("mediators_own_languages_only", "You can change only the languages you translate into (your profile's languages)")}
	}
	texts := multitext.TextsAt(topField(target.Field), record.Get(topField(target.Field)))
	text, found := texts[target.Field]
	if needsOriginal && (!found || text[source] == "") {
		if target.Field != topField(target.Field) && !found {
			return nil, validation.Errors{"field": validation.NewError("translation_not_translatable", "This field is not a translatable text")}
		}
		return nil, validation.Errors{"field": validation.NewError("translation_no_original", "There is no original text to translate here")}
	}
	return record, nil
}

// topField is the record's field a text path is in.
func topField(path string) string {
	name, _, _ := strings.Cut(path, ".")
	return name
}
