package translations_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/translations"
)

// TestBadTranslationsAreRefused: each bad translation is refused with its
// code and a message in the phone's language (Italian here, not the
// English default), and changes nothing: neither the record nor a draft.
func TestBadTranslationsAreRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail) // translates into it, ar, fr
	before := a.GetString("title")
	var italian map[string]any
	raw, _ := os.ReadFile(filepath.Join(hubtest.Root(), "locales", "it.json"))
	_ = json.Unmarshal(raw, &italian)
	cases := []struct {
		name string
		args map[string]any
		code string
	}{
		{"a language the hub lacks", translate(a, "title", "de", "Gemeinsam essen", "publish"), "translation_language_unknown"},
		{"a language the mediator does not declare", translate(a, "title", "en", "Snack together", "publish"), "mediators_own_languages_only"},
		{"a draft in an undeclared language", translate(a, "title", "uk", "Разом", "draft"), "mediators_own_languages_only"},
		{"the original's language", translate(a, "title", "it", "Merenda", "publish"), "mediators_source_language"},
		{"an empty translation published", translate(a, "title", "ar", "   ", "publish"), "translation_empty"},
		{"HTML", translate(a, "title", "ar", `وجبة <b onclick="x()">خفيفة</b>`, "draft"), "translation_html"},
		{"an HTML comment", translate(a, "title", "fr", "Goûter <!-- ensemble -->", "publish"), "translation_html"},
		{"a field that is not translatable", translate(a, "kind", "ar", "لعب", "publish"), "translation_not_translatable"},
		{"a collection that is not translated", map[string]any{"collection": "users", "record": a.Id, "field": "name", "language": "ar", "text": "x", "mode": "publish"}, "translation_not_translatable"},
		{"a text with no original", translate(a, "summary", "ar", "ملخص", "publish"), "translation_no_original"},
		{"a path into nothing", translate(a, "title.it", "ar", "x", "publish"), "translation_not_translatable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := mutate(t, app, mediator, "it", "save_translation", c.args)
			if out.Status != "rejected" || out.Error.Code != c.code {
				t.Fatalf("want %s, got %s %+v", c.code, out.Status, out.Error)
			}
			var said string
			for _, field := range out.Error.Data {
				said = field.Message
			}
			if want, _ := italian[c.code].(string); want == "" || said != want {
				t.Errorf("message %q, want the Italian %q", said, want)
			}
		})
	}
	after, _ := app.FindRecordById("activities", a.Id)
	if after.GetString("title") != before || after.GetString("summary") != a.GetString("summary") {
		t.Errorf("a refused translation was written: %s", after.GetString("title"))
	}
	if drafts, _ := app.FindAllRecords(translations.DraftsCollection, dbx.HashExp{"target_id": a.Id}); len(drafts) != 0 {
		t.Errorf("%d drafts after refusals", len(drafts))
	}
	// "età < 3 anni" is no tag.
	if out := mutate(t, app, mediator, "it", "save_translation", translate(a, "title", "fr", "Goûter (enfants < 3 ans)", "publish")); out.Status != "applied" {
		t.Errorf("a text with '<': %+v", out.Error)
	}
}

// TestMediatorsWritePlainText: through the records API too, a mediator's
// translation with a tag is refused.
func TestMediatorsWritePlainText(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + a.Id,
		Token: hubtest.Token(t, app, "users", hubtest.MediatorEmail),
		Body:  map[string]any{"title": map[string]string{"it": "Merenda insieme", "ar": "<script>alert(1)</script>"}}})
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "translation_html") {
		t.Errorf("%d %s", res.Status, res.Body)
	}
}

// TestDraftsAreSeenByTheirAuthorAndStaffOnly: a mediator's draft reaches
// their own phone (the sync feed) and staff (the records API), never a
// family, a guest or another mediator, in the feed or the records API; the
// activity families read is unchanged until it is published, and then the
// draft is gone.
func TestDraftsAreSeenByTheirAuthorAndStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	const draft = "وجبة خفيفة معًا"
	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", draft, "draft")); out.Status != "applied" {
		t.Fatalf("%+v", out.Error)
	}
	read := func(token, url string) []byte {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token}).Body
	}
	feed := "/api/hub/sync?limit=5000"
	list := "/api/collections/translation_drafts/records"
	activity := "/api/collections/activities/records/" + a.Id
	second := secondMediator(t, app)
	for who, token := range map[string]string{"guest": "", "family": hubtest.Token(t, app, "users", hubtest.FamilyEmail), "another mediator": second} {
		t.Run(who, func(t *testing.T) {
			mustContain(t, read(token, feed), draft, false)
			mustContain(t, read(token, list), draft, false)
			mustContain(t, read(token, activity), draft, false)
		})
	}
	mustContain(t, read(mediator, feed), draft, true)
	mustContain(t, read(hubtest.Token(t, app, "users", hubtest.StaffEmail), list), draft, true)

	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", draft, "publish")); out.Status != "applied" {
		t.Fatalf("%+v", out.Error)
	}
	mustContain(t, read(hubtest.Token(t, app, "users", hubtest.FamilyEmail), activity), draft, true)
	if drafts, _ := app.FindAllRecords(translations.DraftsCollection, dbx.HashExp{"target_id": a.Id}); len(drafts) != 0 {
		t.Errorf("the published draft is still there")
	}
}

// TestTranslationMutationsPerRole: save_translation and review_translation
// for each role. Families and associations are refused (403); a mediator
// translates into their languages and reviews another's translation;
// staff do both in any language.
func TestTranslationMutationsPerRole(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	tr := func(lang, by string) map[string]any { return translate(a, "title", lang, "Goûter "+by, "publish") }
	review := func(lang string) map[string]any {
		return map[string]any{"collection": "activities", "record": a.Id, "field": "title", "language": lang}
	}
	// Staff's French first: something to review.
	if out := mutate(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "it", "save_translation", tr("fr", "staff")); out.Status != "applied" {
		t.Fatalf("staff: %+v", out.Error)
	}
	for _, c := range []struct {
		role, email string
		save, rev   bool
		lang        string
	}{
		{"family", hubtest.FamilyEmail, false, false, "ar"},
		{"association", hubtest.NewAssocEmail, false, false, "ar"},
		{"verified association", hubtest.VerifiedEmail, false, false, "ar"},
		{"mediator", hubtest.MediatorEmail, true, true, "fr"},
		{"staff", hubtest.StaffEmail, true, true, "fr"},
	} {
		t.Run(c.role, func(t *testing.T) {
			token := hubtest.Token(t, app, "users", c.email)
			out := mutate(t, app, token, "it", "review_translation", review(c.lang))
			if (out.Status == "applied") != c.rev {
				t.Errorf("review: %s %+v", out.Status, out.Error)
			}
			if !c.rev && out.Error.Status != http.StatusForbidden {
				t.Errorf("review refused with %d", out.Error.Status)
			}
			out = mutate(t, app, token, "it", "save_translation", tr("ar", c.role))
			if (out.Status == "applied") != c.save {
				t.Errorf("save: %s %+v", out.Status, out.Error)
			}
			if !c.save && out.Error.Status != http.StatusForbidden {
				t.Errorf("save refused with %d", out.Error.Status)
			}
		})
	}
	if got := provenanceOf(t, app, "activities", a.Id, "title").Translations["ar"]; got == nil || got.By != multitext.ByStaff {
		t.Errorf("the last Arabic translation is staff's: %+v", got)
	}
}

// TestReviewingATranslation: the mediator who made a translation cannot
// review it; a second mediator of that language can; a translation that
// does not exist cannot be reviewed; a new version clears the review.
func TestReviewingATranslation(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	review := map[string]any{"collection": "activities", "record": a.Id, "field": "title", "language": "ar"}
	if out := mutate(t, app, mediator, "it", "review_translation", review); out.Error == nil || out.Error.Code != "translation_missing" {
		t.Errorf("reviewing nothing: %+v", out)
	}
	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", "وجبة خفيفة", "publish")); out.Status != "applied" {
		t.Fatalf("%+v", out.Error)
	}
	if out := mutate(t, app, mediator, "it", "review_translation", review); out.Error == nil || out.Error.Code != "translation_review_own" {
		t.Errorf("reviewing one's own: %+v", out)
	}
	second := secondMediator(t, app)
	if out := mutate(t, app, second, "it", "review_translation", review); out.Status != "applied" {
		t.Fatalf("second mediator: %+v", out.Error)
	}
	secondUser, _ := app.FindAuthRecordByEmail("users", "seconda.mediatrice@hug.test")
	if got := provenanceOf(t, app, "activities", a.Id, "title").Translations["ar"]; got.ReviewedBy != secondUser.Id || got.ReviewedAt == "" {
		t.Errorf("reviewed: %+v", got)
	}
	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", "وجبة خفيفة معًا", "publish")); out.Status != "applied" {
		t.Fatalf("%+v", out.Error)
	}
	if got := provenanceOf(t, app, "activities", a.Id, "title").Translations["ar"]; got.ReviewedBy != "" {
		t.Errorf("a new version kept the review: %+v", got)
	}
	audit, _ := app.FindAllRecords("audit_log", nil)
	var reviews int
	for _, r := range audit {
		if r.GetString("action") == "review_translation" && r.GetString("target_id") == a.Id {
			reviews++
		}
	}
	if reviews != 1 {
		t.Errorf("%d review lines in the audit log", reviews)
	}
}

// TestMediatorsChangeNothingButTranslations: every field of every
// translated collection other than its texts (dates, place, capacity,
// status, slug, the provenance...) is refused to a mediator by
// multitext.CheckMediatorEdit, field by field.
func TestMediatorsChangeNothingButTranslations(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	mediator, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	other := newActivity(t, app, "Altro")
	checked := 0
	for collection, texts := range multitext.Fields {
		records, _ := app.FindRecordsByFilter(collection, "id != ''", "", 1, 0)
		if len(records) == 0 {
			t.Errorf("%s: no record to try", collection)
			continue
		}
		for _, field := range records[0].Collection().Fields {
			name := field.GetName()
			if _, isText := texts[name]; isText || name == "id" || field.Type() == core.FieldTypeAutodate {
				continue
			}
			r := records[0].Fresh()
			r.Set(name, differentValue(field, r.Get(name), other.Id))
			if code := fieldCode(multitext.CheckMediatorEdit(mediator, r), name); code != "mediators_translate_only" {
				t.Errorf("%s.%s (%s): a mediator's change was allowed", collection, name, field.Type())
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("only %d fields tried", checked)
	}
}

// fieldCode is the code of a validation error's field.
func fieldCode(err error, field string) string {
	var fields validation.Errors
	var e validation.Error
	if errors.As(err, &fields) && errors.As(fields[field], &e) {
		return e.Code()
	}
	return ""
}

// differentValue is a value of field's type other than current.
func differentValue(field core.Field, current any, someID string) any {
	switch field.Type() {
	case core.FieldTypeBool:
		b, _ := current.(bool)
		return !b
	case core.FieldTypeNumber:
		n, _ := current.(float64)
		return n + 1
	case core.FieldTypeDate, core.FieldTypeAutodate:
		return "2030-01-02 03:04:05.000Z"
	case core.FieldTypeJSON:
		return map[string]any{"changed": true}
	case core.FieldTypeRelation:
		if current == someID {
			return ""
		}
		return someID
	case core.FieldTypeSelect:
		if s, ok := field.(*core.SelectField); ok {
			for _, v := range s.Values {
				if cur, _ := current.(string); v != cur {
					if s.MaxSelect > 1 {
						return []string{v}
					}
					return v
				}
			}
		}
		return "changed"
	case core.FieldTypeFile:
		return "changed.png"
	default:
		return "changed " + strings.Repeat("x", 3)
	}
}
