package calendar_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/vocab"
)

// A calendar app that knows nothing of Go's zone data puts every event at
// the instant the hub stored: the feed's VTIMEZONE Europe/Rome carries the
// right DST rules (a winter date, a summer date, the Sunday the clocks go
// forward and the one they go back).
func TestFeedTimesAreRomeTimeWithItsVTimezone(t *testing.T) {
	app := hubtest.NewApp(t)
	year := time.Now().In(vocab.TimeZone).Year() + 1
	rome := func(m time.Month, d, h int) time.Time { return time.Date(year, m, d, h, 0, 0, 0, vocab.TimeZone) }
	lastSunday := func(m time.Month) int {
		d := time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC)
		for d.Weekday() != time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		return d.Day()
	}
	// The day of each change and the day before it, in Rome: the rule must
	// be "the last Sunday", not "the fourth" (October 2027 has five).
	var cases []time.Time
	for _, y := range []int{year, year + 1} { // the hub takes dates up to two years ahead
		year = y
		cases = append(cases, rome(time.January, 14, 18), rome(time.July, 15, 18))
		for _, m := range []time.Month{time.March, time.October} {
			cases = append(cases, rome(m, lastSunday(m), 10), rome(m, lastSunday(m)-1, 12))
		}
	}
	var made []*core.Record
	for i, at := range cases {
		made = append(made, saveActivity(t, app, map[string]any{
			"title": map[string]string{"it": "Prova fuso " + string(rune('A'+i))}, "starts_at": at.UTC(), "ends_at": at.Add(time.Hour).UTC(),
		}))
	}
	cal := parse(t, fetch(t, app, "/api/hub/calendar/all.ics", nil))
	evs := events(t, cal)
	for i, a := range made {
		ev := evs[uid(a)]
		if ev == nil {
			t.Fatalf("%s is not in the feed", a.Id)
		}
		if got := ev.Props.Get("DTSTART").Params.Get("TZID"); got != "Europe/Rome" {
			t.Errorf("TZID %q", got)
		}
		if got := start(t, cal, ev); !got.Equal(cases[i]) {
			t.Errorf("event %d starts at %s by the feed's VTIMEZONE, want %s (%s)", i, got.UTC(), cases[i].UTC(), ev.Props.Get("DTSTART").Value)
		}
	}
	z := readZone(t, cal, "Europe/Rome")
	if len(z.observances) != 2 {
		t.Fatalf("Europe/Rome has %d observances, want STANDARD and DAYLIGHT", len(z.observances))
	}
}

// Two fetches give the same UIDs and bytes; a change to what an event shows
// raises its SEQUENCE, and the UID stays.
func TestUIDsAreStableAndSequenceRisesWithEachChange(t *testing.T) {
	app := hubtest.NewApp(t)
	ape := hubtest.BySlug(t, app, "activities", "ape-2")
	// Its last change, long ago (set below the app, as a clock would).
	if _, err := app.DB().NewQuery("UPDATE activities SET updated = '2025-01-02 03:04:05.000Z' WHERE id = {:id}").Bind(map[string]any{"id": ape.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	first := fetch(t, app, "/api/hub/calendar/all.ics", nil)
	second := fetch(t, app, "/api/hub/calendar/all.ics", nil)
	if string(first.Body) != string(second.Body) || first.Header.Get("ETag") != second.Header.Get("ETag") {
		t.Fatal("two fetches of an unchanged feed differ")
	}
	before := events(t, parse(t, first))[uid(ape)]
	if before == nil {
		t.Fatal("ape-2 is not in the feed")
	}
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	patch := func(body map[string]any) {
		t.Helper()
		r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id, Token: staff, Body: body})
		if r.Status != http.StatusOK {
			t.Fatalf("staff edit: %d %s", r.Status, r.Body)
		}
	}
	seq := func() string {
		t.Helper()
		ev := events(t, parse(t, fetch(t, app, "/api/hub/calendar/all.ics", nil)))[uid(ape)]
		if ev == nil {
			t.Fatal("the edited activity left the feed (its UID changed?)")
		}
		return prop(ev, "SEQUENCE")
	}
	// No METHOD: DTSTAMP is the last revision (RFC 5545, 3.8.7.2), not the time of the fetch.
	if got, want := prop(before, "DTSTAMP"), "20250102T030405Z"; got != want || prop(before, "LAST-MODIFIED") != want {
		t.Errorf("DTSTAMP %s, want the last change %s", got, want)
	}
	if got := prop(before, "SEQUENCE"); got != "0" {
		t.Fatalf("SEQUENCE of an event never changed: %q", got)
	}
	patch(map[string]any{"title": map[string]string{"it": "A.Pe - titolo nuovo"}})
	if got := seq(); got != "1" {
		t.Fatalf("after a new title SEQUENCE is %q, want 1", got)
	}
	newStart := ape.GetDateTime("starts_at").Time().Add(time.Hour)
	patch(map[string]any{"starts_at": newStart, "ends_at": newStart.Add(time.Hour)})
	if got := seq(); got != "2" {
		t.Fatalf("after a new time SEQUENCE is %q, want 2", got)
	}
	// Nothing the event shows: places and a client's own number change no SEQUENCE.
	patch(map[string]any{"capacity": 99, "ics_sequence": 50})
	if got := seq(); got != "2" {
		t.Fatalf("a change the event does not show (or a client's value) made SEQUENCE %q, want 2", got)
	}
}

// A cycle's dates are dated events of their own; a cancelled date is
// STATUS:CANCELLED (and says so in its summary), the others stay confirmed.
func TestCancelledDateOfACycleIsCancelled(t *testing.T) {
	app := hubtest.NewApp(t)
	cancelled := hubtest.BySlug(t, app, "activities", "ape-3")
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + cancelled.Id, Token: staff,
		Body: map[string]any{"status": "cancelled"}})
	if r.Status != http.StatusOK {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	evs := events(t, parse(t, fetch(t, app, "/api/hub/calendar/all.ics", nil)))
	for _, slug := range []string{"ape-1", "ape-2", "ape-3", "ape-4", "ape-5"} {
		a := hubtest.BySlug(t, app, "activities", slug)
		ev := evs[uid(a)]
		if ev == nil {
			t.Fatalf("%s is not a dated event of the feed", slug)
		}
		want := "CONFIRMED"
		if slug == "ape-3" {
			want = "CANCELLED"
			if !strings.HasPrefix(prop(ev, "SUMMARY"), "Annullata: ") {
				t.Errorf("cancelled summary %q", prop(ev, "SUMMARY"))
			}
			if prop(ev, "SEQUENCE") != "1" {
				t.Errorf("cancelling left SEQUENCE %q", prop(ev, "SEQUENCE"))
			}
		}
		if got := prop(ev, "STATUS"); got != want {
			t.Errorf("%s STATUS %q, want %q", slug, got, want)
		}
		if prop(ev, "URL") != "http://localhost:8090/activity/"+a.Id {
			t.Errorf("%s URL %q", slug, prop(ev, "URL"))
		}
		if prop(ev, "DTSTAMP") == "" || prop(ev, "LAST-MODIFIED") == "" {
			t.Errorf("%s without DTSTAMP or LAST-MODIFIED", slug)
		}
	}
}

// A group's feed holds its activities only, by slug or id; a private
// group's feed, like an unknown one, is a 404.
func TestGroupFeeds(t *testing.T) {
	app := hubtest.NewApp(t)
	group := hubtest.BySlug(t, app, "groups", "0-6-anni")
	mine, err := app.FindRecordsByFilter("activities", "group = {:g} && status = 'approved'", "", 0, 0, map[string]any{"g": group.Id})
	if err != nil || len(mine) == 0 {
		t.Fatalf("the seed has no 0-6 activity: %v", err)
	}
	for _, url := range []string{"/api/hub/calendar/0-6-anni.ics", "/api/hub/calendar/" + group.Id + ".ics"} {
		cal := parse(t, fetch(t, app, url, nil))
		evs := events(t, cal)
		if len(evs) != len(mine) {
			t.Errorf("%s has %d events, want %d", url, len(evs), len(mine))
		}
		for _, a := range mine {
			if evs[uid(a)] == nil {
				t.Errorf("%s lacks %s", url, a.GetString("slug"))
			}
		}
		if name := cal.Props.Get("X-WR-CALNAME"); name == nil || !strings.Contains(name.Value, "0-6 anni") {
			t.Errorf("calendar name %v", name)
		}
	}
	// Make the private group's feed worth hiding: an activity of its own.
	private := hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug)
	at := time.Now().Add(72 * time.Hour)
	saveActivity(t, app, map[string]any{"title": map[string]string{"it": "Riservata"}, "group": private.Id, "starts_at": at, "ends_at": at.Add(time.Hour)})
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	for _, url := range []string{"/api/hub/calendar/" + hubtest.PrivateGroupSlug + ".ics", "/api/hub/calendar/" + private.Id + ".ics", "/api/hub/calendar/nessuno.ics", "/api/hub/calendar/all.txt"} {
		for _, token := range []string{"", family} {
			r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
			if r.Status != http.StatusNotFound || strings.Contains(string(r.Body), "Riservata") {
				t.Errorf("%s: %d %s", url, r.Status, r.Body)
			}
		}
	}
}

// Drafts and proposals waiting for staff are in no feed: not the public
// one, not a group's, not the private feed of a family registered for one.
func TestDraftsAreInNoFeed(t *testing.T) {
	app := hubtest.NewApp(t)
	group := hubtest.BySlug(t, app, "groups", "0-6-anni")
	at := time.Now().Add(48 * time.Hour)
	draft := saveActivity(t, app, map[string]any{"title": map[string]string{"it": "Bozza"}, "status": "draft", "group": group.Id, "starts_at": at, "ends_at": at.Add(time.Hour)})
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	staffDraft := hubtest.BySlug(t, app, "activities", hubtest.StaffDraftSlug)
	user, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	register(t, app, user, draft, "going")
	register(t, app, user, pending, "going")
	path := myPath(t, app, hubtest.FamilyEmail)
	for _, url := range []string{"/api/hub/calendar/all.ics", "/api/hub/calendar/0-6-anni.ics", path} {
		r := fetch(t, app, url, nil)
		evs := events(t, parse(t, r))
		for _, a := range []*core.Record{draft, pending, staffDraft} {
			if evs[uid(a)] != nil || strings.Contains(string(r.Body), a.Id) {
				t.Errorf("%s shows the %s activity %s", url, a.GetString("status"), a.Id)
			}
		}
	}
}

// The language: ?lang=, else Accept-Language, else Italian; each text by
// multitext.Best (an activity without an Arabic title is in Italian).
func TestFeedLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	at := time.Now().Add(24 * time.Hour)
	a := saveActivity(t, app, map[string]any{
		"title":     map[string]string{"it": "Merenda", "en": "Snack time"},
		"summary":   map[string]string{"it": "Porta i biscotti", "ar": "أحضر البسكويت"},
		"starts_at": at, "ends_at": at.Add(time.Hour),
		"place": hubtest.BySlug(t, app, "places", "civico-81").Id,
	})
	get := func(url string, header map[string]string) (string, string, string) {
		ev := events(t, parse(t, fetch(t, app, url, header)))[uid(a)]
		return prop(ev, "SUMMARY"), prop(ev, "DESCRIPTION"), prop(ev, "LOCATION")
	}
	if s, _, loc := get("/api/hub/calendar/all.ics", nil); s != "Merenda" || !strings.HasPrefix(loc, "Civico 81 - Consorzio Sol.Co., Civico 81, via Bonomelli") {
		t.Errorf("default: %q at %q", s, loc)
	}
	if s, d, _ := get("/api/hub/calendar/all.ics?lang=en", map[string]string{"Accept-Language": "ar"}); s != "Snack time" || !strings.HasPrefix(d, "Porta i biscotti") {
		t.Errorf("?lang=en: %q / %q", s, d)
	}
	if s, d, _ := get("/api/hub/calendar/all.ics", map[string]string{"Accept-Language": "ar"}); s != "Merenda" || !strings.HasPrefix(d, "أحضر البسكويت") {
		t.Errorf("Accept-Language ar: %q / %q", s, d)
	}
	if r := fetch(t, app, "/api/hub/calendar/all.ics?lang=ar", nil); !strings.Contains(string(r.Body), "DESCRIPTION;LANGUAGE=ar:") {
		t.Error("the Arabic description does not say it is Arabic")
	}
}

// Calendar apps poll: an unchanged feed answers 304 to its ETag or date,
// and a change shows as a new ETag.
func TestFeedsAnswerConditionalRequests(t *testing.T) {
	app := hubtest.NewApp(t)
	r := fetch(t, app, "/api/hub/calendar/all.ics", nil)
	etag, modified := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
	if etag == "" || modified == "" || r.Header.Get("Cache-Control") != "public, max-age=900" {
		t.Fatalf("headers %v", r.Header)
	}
	if again := fetch(t, app, "/api/hub/calendar/all.ics", map[string]string{"If-None-Match": etag}); again.Status != http.StatusNotModified || len(again.Body) != 0 {
		t.Errorf("If-None-Match: %d", again.Status)
	}
	if again := fetch(t, app, "/api/hub/calendar/all.ics", map[string]string{"If-Modified-Since": modified}); again.Status != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", again.Status)
	}
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	ape.Set("status", "cancelled")
	if err := app.Save(ape); err != nil {
		t.Fatal(err)
	}
	if after := fetch(t, app, "/api/hub/calendar/all.ics", map[string]string{"If-None-Match": etag}); after.Status != http.StatusOK || after.Header.Get("ETag") == etag {
		t.Errorf("after a change: %d, ETag %s", after.Status, after.Header.Get("ETag"))
	}
}

// The query guard and the auth middlewares let the feeds through for every
// caller, signed in or not.
func TestFeedsAreOpenToEveryRole(t *testing.T) {
	app := hubtest.NewApp(t)
	for _, email := range []string{"", hubtest.FamilyEmail, hubtest.MediatorEmail, hubtest.StaffEmail} {
		token := ""
		if email != "" {
			token = hubtest.Token(t, app, "users", email)
		}
		r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/calendar/all.ics?lang=it", Token: token})
		if r.Status != http.StatusOK {
			t.Errorf("%q: %d %s", email, r.Status, r.Body)
		}
	}
}
