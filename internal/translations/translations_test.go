package translations_test

import (
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// TestOutdatedAfterTheOriginalChanges: a mediator's Arabic title is
// current; staff rewrite the Italian original through the records API and
// it is outdated (its hash is the old original's); the mediator updates it
// and it is current again, theirs, with its review cleared.
func TestOutdatedAfterTheOriginalChanges(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Laboratorio di pittura")
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)

	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", "ورشة رسم", "publish")); out.Status != "applied" {
		t.Fatalf("publish: %+v", out.Error)
	}
	tr := provenanceOf(t, app, "activities", a.Id, "title").Translations["ar"]
	if tr == nil || tr.Outdated || tr.By != multitext.ByMediator {
		t.Fatalf("after publishing: %+v", tr)
	}
	if out := mutate(t, app, staff, "it", "review_translation", map[string]any{"collection": "activities", "record": a.Id, "field": "title", "language": "ar"}); out.Status != "applied" {
		t.Fatalf("review: %+v", out.Error)
	}

	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + a.Id, Token: staff,
		Body: map[string]any{"title": map[string]string{"it": "Laboratorio di pittura e collage", "ar": "ورشة رسم"}}})
	if res.Status != http.StatusOK {
		t.Fatalf("staff edit: %d %s", res.Status, res.Body)
	}
	tp := provenanceOf(t, app, "activities", a.Id, "title")
	if tr := tp.Translations["ar"]; !tr.Outdated || tr.Hash == tp.Hash || tp.Hash != multitext.Hash("Laboratorio di pittura e collage") {
		t.Errorf("after the original changed: %+v (original %s)", tr, tp.Hash)
	}

	if out := mutate(t, app, mediator, "ar", "save_translation", translate(a, "title", "ar", "ورشة رسم وكولاج", "publish")); out.Status != "applied" {
		t.Fatalf("update: %+v", out.Error)
	}
	tr = provenanceOf(t, app, "activities", a.Id, "title").Translations["ar"]
	if tr.Outdated || tr.By != multitext.ByMediator || tr.ReviewedBy != "" {
		t.Errorf("after updating the translation: %+v", tr)
	}
}

// TestProvenanceFollowsEveryPath: the seed's texts are the centre's (an
// Italian original and staff's translations); staff's edit through the
// records API is staff's, with their id; a mediator's translation through
// the mutations is a mediator's; a proposer's own text is the author's.
func TestProvenanceFollowsEveryPath(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	seeded := provenanceOf(t, app, "activities", ape.Id, "title")
	if seeded.Original != "it" || seeded.By != multitext.ByStaff || seeded.Translations["ar"] == nil ||
		seeded.Translations["ar"].By != multitext.ByStaff || seeded.Translations["ar"].Outdated {
		t.Errorf("seed: %+v %+v", seeded, seeded.Translations["ar"])
	}
	centre, _ := app.FindFirstRecordByFilter("centre", "id != ''")
	if tp := multitext.ReadProvenance(centre)["service_lines.0.title"]; tp == nil || tp.Original != "it" {
		t.Errorf("a text inside the centre's service lines: %s", centre.GetString("provenance"))
	}

	staffUser, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	stored, _ := multitext.Parse([]byte(ape.GetString("title")))
	stored["fr"] = "A.Pe - Apéritifs pédagogiques"
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"title": stored}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if tr := provenanceOf(t, app, "activities", ape.Id, "title").Translations["fr"]; tr == nil || tr.By != multitext.ByStaff || tr.Actor != staffUser.Id {
		t.Errorf("records API by staff: %+v", tr)
	}

	mediator, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	if out := mutate(t, app, hubtest.Token(t, app, "users", hubtest.MediatorEmail), "it", "save_translation",
		translate(ape, "summary", "fr", "Une rencontre entre parents.", "publish")); out.Status != "applied" {
		t.Fatalf("%+v", out.Error)
	}
	if tr := provenanceOf(t, app, "activities", ape.Id, "summary").Translations["fr"]; tr == nil || tr.By != multitext.ByMediator || tr.Actor != mediator.Id {
		t.Errorf("mutation by a mediator: %+v", tr)
	}
	// Any other mutation names its caller too (Call.Save): a mediator's
	// Arabic name of a service through update_service.
	service := hubtest.BySlug(t, app, "services", "hug-informazione-orientamento")
	name, _ := multitext.Parse([]byte(service.GetString("name")))
	name["ar"] = "Hug: معلومات وتوجيه"
	if out := mutate(t, app, hubtest.Token(t, app, "users", hubtest.MediatorEmail), "it", "update_service",
		map[string]any{"service": service.Id, "name": name}); out.Status != "applied" {
		t.Fatalf("update_service: %+v", out.Error)
	}
	if tr := provenanceOf(t, app, "services", service.Id, "name").Translations["ar"]; tr == nil || tr.By != multitext.ByMediator || tr.Actor != mediator.Id {
		t.Errorf("update_service by a mediator: %+v", tr)
	}
	// The other texts kept theirs.
	if tr := provenanceOf(t, app, "activities", ape.Id, "title").Translations["ar"]; tr.By != multitext.ByStaff {
		t.Errorf("an untouched translation: %+v", tr)
	}

	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if tp := provenanceOf(t, app, "activities", pending.Id, "title"); tp.By != multitext.ByStaff {
		t.Errorf("a fixture saved by the system: %+v", tp)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + pending.Id,
		Token: hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail), Body: map[string]any{"title": map[string]string{"it": "Proposta riscritta"}}})
	if res.Status != http.StatusOK {
		t.Fatalf("proposer's edit: %d %s", res.Status, res.Body)
	}
	if tp := provenanceOf(t, app, "activities", pending.Id, "title"); tp.By != multitext.ByAuthor {
		t.Errorf("records API by the proposer: %+v", tp)
	}
}

// TestProvenanceIsTheServers: a provenance sent by a client is not kept
// (staff's PATCH saves, the stored provenance is the server's), and a
// mediator sending one is refused like any field but a translation.
func TestProvenanceIsTheServers(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	forged := map[string]any{"title": map[string]any{"original": "it", "hash": "x", "by": "staff", "at": "2020-01-01 00:00:00.000Z",
		"translations": map[string]any{"ar": map[string]any{"by": "staff", "at": "2020-01-01 00:00:00.000Z", "hash": "x", "reviewed_by": "forged"}}}}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"provenance": forged, "capacity": 31}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if tp := provenanceOf(t, app, "activities", ape.Id, "title"); tp.Hash == "x" || tp.Translations["ar"].ReviewedBy == "forged" {
		t.Errorf("a client's provenance was kept: %+v", tp)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id,
		Token: hubtest.Token(t, app, "users", hubtest.MediatorEmail), Body: map[string]any{"provenance": forged}})
	if res.Status != http.StatusForbidden {
		t.Errorf("a mediator's provenance: %d %s", res.Status, res.Body)
	}
}

// TestEveryTranslatableCollectionKeepsProvenance: each collection of
// multitext.Fields has the provenance field (a collection added there
// brings it in its migration), and every seeded record has one for each of
// its texts. The content families read is all there, announcements too.
func TestEveryTranslatableCollectionKeepsProvenance(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, content := range []string{"activities", "services", "groups", "places", "organizations", "centre", "announcements"} {
		if multitext.Fields[content] == nil {
			t.Errorf("%s is content: its texts belong in multitext.Fields", content)
		}
	}
	for collection, fields := range multitext.Fields {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Errorf("%s: %v", collection, err)
			continue
		}
		if c.Fields.GetByName(multitext.ProvenanceField) == nil {
			t.Errorf("%s has no %s field: add it in the collection's migration", collection, multitext.ProvenanceField)
			continue
		}
		records, _ := app.FindAllRecords(c)
		if len(records) == 0 {
			t.Errorf("%s: no record to check (add a fixture)", collection)
		}
		for _, r := range records {
			p := multitext.ReadProvenance(r)
			for field := range fields {
				for path, text := range multitext.TextsAt(field, r.Get(field)) {
					if text[multitext.SourceLanguage(r, field)] != "" && p[path] == nil {
						t.Errorf("%s %s: no provenance for %s", collection, r.Id, path)
					}
				}
			}
		}
	}
}

// A text saved with Bidi controls (they reverse text on screen; the hub
// strips them) keeps its translations current: the provenance hashes the
// text as stored, so the next save, which changes no text, leaves every
// translation up to date (this made every translation of such a record look
// out of date, and families read the original instead).
func TestStrippedControlsDoNotMakeTranslationsOutdated(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Laboratorio")
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	patch := func(body map[string]any) {
		t.Helper()
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + a.Id, Token: staff, Body: body})
		if res.Status != http.StatusOK {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
	}
	patch(map[string]any{"title": map[string]string{"it": "Laboratorio \u202egnp.exe", "ar": "ورشة \u2067رسم\u2069"}})
	patch(map[string]any{"capacity": 12})
	tp := provenanceOf(t, app, "activities", a.Id, "title")
	if tr := tp.Translations["ar"]; tr == nil || tr.Outdated || tp.Hash != multitext.Hash("Laboratorio gnp.exe") {
		t.Errorf("after a save that changed no text: %+v (original %s)", tr, tp.Hash)
	}
}
