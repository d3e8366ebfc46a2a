package multitext_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// TestARequiredTextNeedsItsOriginalLanguage: a proposal written in Arabic
// is saved with its Arabic title only; a required field's text must be in
// the record's original language (Italian when none is recorded), and the
// refusal names the field.
func TestARequiredTextNeedsItsOriginalLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	c, _ := app.FindCollectionByNameOrId("activities")
	save := func(original string, title map[string]string) error {
		a := core.NewRecord(c)
		a.Load(map[string]any{"title": title, "kind": "play", "status": "draft", "original_language": original,
			"starts_at": hubtest.InDays(30, "10:00"), "ends_at": hubtest.InDays(30, "11:00")})
		return app.Save(a)
	}
	code := func(err error) string {
		var fields validation.Errors
		if !errors.As(err, &fields) {
			return ""
		}
		var e validation.Error
		if errors.As(fields["title"], &e) {
			return e.Code()
		}
		return ""
	}
	if err := save("ar", map[string]string{"ar": "لقاء الأمهات"}); err != nil {
		t.Errorf("an Arabic proposal with its Arabic title only: %v", err)
	}
	if got := code(save("ar", map[string]string{"it": "Incontro"})); got != "validation_multitext_original_required" {
		t.Errorf("an Arabic proposal without its Arabic title: code %q", got)
	}
	if got := code(save("", map[string]string{"ar": "لقاء"})); got != "validation_multitext_source_required" {
		t.Errorf("no original language recorded, no Italian title: code %q", got)
	}
	if err := multitext.ValidateIn([]byte(`{"uk": "Зустріч"}`), true, "uk"); err != nil {
		t.Errorf("ValidateIn uk: %v", err)
	}
}

// TestMediatorsNeverChangeAnOriginalInAnotherLanguage: in a proposal written
// in Arabic, the Arabic text is the original (the mediator may add Italian,
// not rewrite the Arabic).
func TestMediatorsNeverChangeAnOriginalInAnotherLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	mediator, err := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	if err != nil {
		t.Fatal(err)
	}
	mediator.Set("languages", []string{"it", "ar"})
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"ar": "لقاء"}, "kind": "play", "status": "pending", "original_language": "ar",
		"starts_at": hubtest.InDays(30, "10:00"), "ends_at": hubtest.InDays(30, "11:00")})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	stored, _ := app.FindRecordById("activities", a.Id)
	translated := stored.Fresh()
	translated.Set("title", map[string]string{"ar": "لقاء", "it": "Incontro"})
	if err := multitext.CheckMediatorEdit(mediator, translated); err != nil {
		t.Errorf("adding the Italian translation: %v", err)
	}
	rewritten := stored.Fresh()
	rewritten.Set("title", map[string]string{"ar": "لقاء آخر"})
	if err := multitext.CheckMediatorEdit(mediator, rewritten); err == nil {
		t.Error("a mediator rewrote the Arabic original")
	}
}
