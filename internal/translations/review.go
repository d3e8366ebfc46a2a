package translations

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// Review marks the published translation at target reviewed by actor:
// staff, or a mediator of that language other than the one who made it
// (a second pair of eyes). Its mark stays until the translation changes
// (multitext.Maintain). Audited with the save, in one transaction.
// Proved by TestReviewingATranslation.
func Review(app core.App, actor *core.Record, target Target) (*core.Record, error) {
	record, err := check(app, actor, target, false)
	if err != nil {
		return nil, err
	}
	tp := multitext.ReadProvenance(record)[target.Field]
	if tp == nil || tp.Translations[target.Language] == nil {
		return nil, validation.Errors{"language": validation.NewError("translation_missing", "There is no published translation to review")}
	}
	if !vocab.IsStaff(actor) && tp.Translations[target.Language].Actor == actor.Id {
		return nil, validation.Errors{"language": validation.NewError("translation_review_own", "Another mediator or staff reviews your translation")}
	}
	err = app.RunInTransaction(func(txApp core.App) error {
		multitext.MarkReviewed(record, target.Field, target.Language, actor)
		multitext.SetActor(record, actor)
		if err := saveRecord(txApp, record); err != nil {
			return err
		}
		return moderation.Append(txApp, actor, moderation.Decision{Action: "review_translation", Collection: target.Collection,
			RecordID: record.Id, Detail: topField(target.Field) + ": " + target.Language})
	})
	return record, err
}
