package calendar_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// myPath asks the hub for a person's private feed path, signed in.
func myPath(t *testing.T, app *tests.TestApp, email string) string {
	t.Helper()
	r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/calendar/me", Token: hubtest.Token(t, app, "users", email)})
	if r.Status != http.StatusOK {
		t.Fatalf("my link: %d %s", r.Status, r.Body)
	}
	var out struct{ Path string }
	r.JSON(t, &out)
	if !strings.HasPrefix(out.Path, "/api/hub/calendar/me/") || !strings.HasSuffix(out.Path, ".ics") {
		t.Fatalf("path %q", out.Path)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the secret link may be cached: %q", r.Header.Get("Cache-Control"))
	}
	return out.Path
}

// A family's private feed holds exactly what it is going to or waitlisted
// for (waitlisted: TENTATIVE and said in the summary), nothing it
// cancelled, nothing of another family's; another family's link shows
// that family's, never this one's.
func TestPrivateFeedHoldsExactlyMyRegistrations(t *testing.T) {
	app := hubtest.NewApp(t)
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	at := time.Now().Add(96 * time.Hour)
	going := saveActivity(t, app, map[string]any{"title": map[string]string{"it": "Ci vado"}, "starts_at": at, "ends_at": at.Add(time.Hour)})
	waiting := saveActivity(t, app, map[string]any{"title": map[string]string{"it": "In attesa"}, "starts_at": at, "ends_at": at.Add(time.Hour)})
	dropped := saveActivity(t, app, map[string]any{"title": map[string]string{"it": "Disdetta"}, "starts_at": at, "ends_at": at.Add(time.Hour)})
	theirs := saveActivity(t, app, map[string]any{"title": map[string]string{"it": "Di altri"}, "starts_at": at, "ends_at": at.Add(time.Hour)})
	register(t, app, me, going, "going")
	register(t, app, me, waiting, "waitlisted")
	register(t, app, me, dropped, "cancelled")
	register(t, app, other, theirs, "going")

	// What the database says the family registered for (the seed may add some).
	want := map[string]string{}
	regs, err := app.FindRecordsByFilter("registrations", "user = {:u} && status != 'cancelled'", "", 0, 0, map[string]any{"u": me.Id})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		a, err := app.FindRecordById("activities", r.GetString("activity"))
		if err != nil || (a.GetString("status") != "approved" && a.GetString("status") != "cancelled") {
			continue
		}
		want[a.Id+"@localhost"] = r.GetString("status")
	}
	evs := events(t, parse(t, fetch(t, app, myPath(t, app, hubtest.FamilyEmail), nil)))
	if got, exp := keys(evs), keysOf(want); strings.Join(got, " ") != strings.Join(exp, " ") {
		t.Fatalf("private feed has %v, want %v", got, exp)
	}
	if ev := evs[uid(waiting)]; prop(ev, "STATUS") != "TENTATIVE" || !strings.Contains(prop(ev, "SUMMARY"), "lista d'attesa") {
		t.Errorf("waitlisted: %s %q", prop(ev, "STATUS"), prop(ev, "SUMMARY"))
	}
	if ev := evs[uid(going)]; prop(ev, "STATUS") != "CONFIRMED" || prop(ev, "SUMMARY") != "Ci vado" {
		t.Errorf("going: %s %q", prop(ev, "STATUS"), prop(ev, "SUMMARY"))
	}

	theirFeed := fetch(t, app, myPath(t, app, hubtest.OtherFamilyEmail), nil)
	theirEvents := events(t, parse(t, theirFeed))
	if theirEvents[uid(theirs)] == nil {
		t.Error("the other family's feed lacks its registration")
	}
	for _, mine := range []string{uid(going), uid(waiting)} {
		if theirEvents[mine] != nil {
			t.Errorf("the other family's feed shows my %s", mine)
		}
	}
	if theirFeed.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("private feed Cache-Control %q", theirFeed.Header.Get("Cache-Control"))
	}
}

// Resetting the link makes the old URL a 404 at once; the new one works;
// nobody signed out can reset anyone's.
func TestResettingTheLinkKillsTheOldURL(t *testing.T) {
	app := hubtest.NewApp(t)
	old := myPath(t, app, hubtest.FamilyEmail)
	if again := myPath(t, app, hubtest.FamilyEmail); again != old {
		t.Fatal("asking twice made a second link")
	}
	if r := fetch(t, app, old, nil); r.Status != http.StatusOK {
		t.Fatalf("feed: %d", r.Status)
	}
	r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/calendar/me/token", Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail)})
	if r.Status != http.StatusOK {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	var out struct{ Path string }
	r.JSON(t, &out)
	if out.Path == old || out.Path != myPath(t, app, hubtest.FamilyEmail) {
		t.Fatalf("new path %q (old %q)", out.Path, old)
	}
	if r := fetch(t, app, old, nil); r.Status != http.StatusNotFound {
		t.Errorf("the old URL answers %d after a reset", r.Status)
	}
	if r := fetch(t, app, out.Path, nil); r.Status != http.StatusOK {
		t.Errorf("the new URL answers %d", r.Status)
	}
	if r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/calendar/me/token"}); r.Status != http.StatusUnauthorized {
		t.Errorf("a guest reset: %d", r.Status)
	}
	if r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/calendar/me"}); r.Status != http.StatusUnauthorized {
		t.Errorf("a guest link: %d", r.Status)
	}
	// No token, a short one, a person without a link: never a feed.
	for _, url := range []string{"/api/hub/calendar/me/.ics", "/api/hub/calendar/me/abc.ics", "/api/hub/calendar/me/" + strings.Repeat("A", 43) + ".ics"} {
		if r := fetch(t, app, url, nil); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d", url, r.Status)
		}
	}
}

// The token is a hidden field: the records API never shows it (to its
// owner or staff), nobody filters or sorts on it, a client cannot set it,
// and the person's data export leaves it out.
func TestTheTokenIsNeverVisibleNorFilterable(t *testing.T) {
	app := hubtest.NewApp(t)
	path := myPath(t, app, hubtest.FamilyEmail)
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/api/hub/calendar/me/"), ".ics")
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	for _, who := range []string{family, staff} {
		for _, url := range []string{
			"/api/collections/users/records/" + me.Id,
			"/api/collections/users/records",
			"/api/collections/users/records?fields=*",
			"/api/hub/me/export",
			"/api/hub/sync?cursor=0",
		} {
			r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: who})
			if strings.Contains(string(r.Body), token) || strings.Contains(string(r.Body), "calendar_token") {
				t.Errorf("%s shows the token", url)
			}
		}
		for _, url := range []string{
			"/api/collections/users/records?filter=" + "calendar_token%3D'" + token + "'",
			"/api/collections/users/records?filter=" + "calendar_token~'a'",
			"/api/collections/users/records?sort=calendar_token",
			"/api/collections/users/records?fields=calendar_token",
		} {
			r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: who})
			if r.Status == http.StatusOK && strings.Contains(url, "filter") && !strings.Contains(string(r.Body), `"totalItems":0`) {
				t.Errorf("%s: %d %s", url, r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), token) {
				t.Errorf("%s shows the token", url)
			}
		}
	}
	r := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + me.Id, Token: family,
		Body: map[string]any{"calendar_token": strings.Repeat("B", 43)}})
	if r.Status >= 500 {
		t.Fatalf("patch: %d", r.Status)
	}
	if got := myPath(t, app, hubtest.FamilyEmail); got != path {
		t.Errorf("a client set its token: %s", got)
	}
	if r := fetch(t, app, "/api/hub/calendar/me/"+strings.Repeat("B", 43)+".ics", nil); r.Status != http.StatusNotFound {
		t.Errorf("a client-chosen token opens a feed: %d", r.Status)
	}
}

func keys[V any](m map[string]V) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func keysOf(m map[string]string) []string { return keys(m) }
