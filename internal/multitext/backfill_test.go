package multitext_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// TestTheBackfillGivesOldRecordsTheirProvenance: records stored before
// provenance existed (their field NULL, as the column was added, and last
// updated long ago) get one from the registered backfill migrations
// (1765800001 for the first collections, 1766000001 for announcements):
// every text there is staff's, as of the record's last update, made from
// the original as it is (its hash), so current. A record that already has
// its provenance keeps it (a mediator's translation stays the mediator's).
func TestTheBackfillGivesOldRecordsTheirProvenance(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	const lastUpdate = "2025-03-04 05:06:07.000Z"
	save := func(collection string, data map[string]any, by *core.Record) *core.Record {
		c, _ := app.FindCollectionByNameOrId(collection)
		r := core.NewRecord(c)
		r.Load(data)
		if by != nil {
			multitext.SetActor(r, by)
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	title := map[string]string{"it": "Merenda insieme", "ar": "وجبة خفيفة معًا", "fr": "Goûter ensemble"}
	old := save("activities", map[string]any{"title": title, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(20, "10:00"), "ends_at": hubtest.InDays(20, "11:00")}, nil)
	announcement := save("announcements", map[string]any{"title": title, "body": map[string]string{"it": "Portate la frutta.", "ar": "أحضروا الفاكهة."},
		"status": "published"}, nil)
	mediator, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	kept := save("activities", map[string]any{"title": title, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(21, "10:00"), "ends_at": hubtest.InDays(21, "11:00")}, mediator)
	// As stored before the migrations: no provenance, last updated long ago.
	for _, r := range []*core.Record{old, announcement} {
		if _, err := app.DB().Update(r.Collection().Name, dbx.Params{"provenance": nil, "updated": lastUpdate}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
		if stored, _ := app.FindRecordById(r.Collection().Name, r.Id); len(multitext.ReadProvenance(stored)) != 0 {
			t.Fatalf("%s still has a provenance", r.Collection().Name)
		}
	}

	// On a hub upgraded after 1765800001 had run, 1766000001 alone gives
	// the announcements theirs.
	migrate := func(file string) {
		t.Helper()
		for _, m := range core.AppMigrations.Items() {
			if m.File == file {
				if err := m.Up(app); err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				return
			}
		}
		t.Fatalf("no migration %s", file)
	}
	check := func(r *core.Record, path, original string, langs ...string) {
		t.Helper()
		stored, _ := app.FindRecordById(r.Collection().Name, r.Id)
		tp := multitext.ReadProvenance(stored)[path]
		if tp == nil {
			t.Fatalf("%s %s: no provenance after the backfill: %s", r.Collection().Name, path, stored.GetString("provenance"))
		}
		if tp.Original != "it" || tp.Hash != multitext.Hash(original) || tp.By != multitext.ByStaff || tp.At != lastUpdate {
			t.Errorf("%s %s: the original's entry %+v", r.Collection().Name, path, tp)
		}
		for _, lang := range langs {
			tr := tp.Translations[lang]
			if tr == nil || tr.By != multitext.ByStaff || tr.Actor != "" || tr.At != lastUpdate || tr.Hash != tp.Hash || tr.Outdated {
				t.Errorf("%s %s in %s: %+v", r.Collection().Name, path, lang, tr)
			}
		}
	}
	migrate("1766000001_announcement_provenance_backfill.go")
	check(announcement, "title", title["it"], "ar", "fr")
	check(announcement, "body", "Portate la frutta.", "ar")
	migrate("1765800001_translation_provenance_backfill.go")
	check(old, "title", title["it"], "ar", "fr")

	stored, _ := app.FindRecordById("activities", kept.Id)
	if tr := multitext.ReadProvenance(stored)["title"].Translations["ar"]; tr == nil || tr.By != multitext.ByMediator || tr.Actor != mediator.Id {
		t.Errorf("a record that had its provenance lost it: %+v", tr)
	}
}
