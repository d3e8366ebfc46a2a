package seed_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/seed"
)

// The seed only adds what is missing: a second run adds nothing and changes
// nothing staff edited.
func TestSeedIsIdempotent(t *testing.T) {
	app := hubtest.NewApp(t) // already seeded once
	defer app.Cleanup()
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	place.Set("phone", "0372 111111") // a staff edit
	if err := app.Save(place); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, c := range []string{"places", "services", "activities", "groups", "users", "organizations", "centre", "registrations", "memberships", "announcements", "audit_log"} {
		counts[c], _ = app.CountRecords(c)
	}

	report, err := seed.Run(app, time.Now().AddDate(0, 0, 10))
	if err != nil {
		t.Fatal(err)
	}
	for c, before := range counts {
		if after, _ := app.CountRecords(c); after != before {
			t.Errorf("%s: %d records before the second run, %d after (%v)", c, before, after, report)
		}
	}
	if got := hubtest.BySlug(t, app, "places", "hug-sede-principale").GetString("phone"); got != "0372 111111" {
		t.Errorf("the staff edit was overwritten: %q", got)
	}
}

// The A.Pe cycle: five Thursdays at 18:00 in Rome, from the first Thursday
// after the seeding day.
func TestAPeCycleIsFiveThursdaysAt18(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	today := time.Now().In(seed.Rome)
	var previous time.Time
	for i, slug := range []string{"ape-1", "ape-2", "ape-3", "ape-4", "ape-5"} {
		a := hubtest.BySlug(t, app, "activities", slug)
		start := a.GetDateTime("starts_at").Time().In(seed.Rome)
		if start.Weekday() != time.Thursday || start.Hour() != 18 || start.Minute() != 0 {
			t.Errorf("%s starts %s, want a Thursday at 18:00", slug, start)
		}
		if a.GetString("series") != "ape" || a.GetString("status") != "approved" {
			t.Errorf("%s: series %q status %q", slug, a.GetString("series"), a.GetString("status"))
		}
		if i == 0 {
			days := start.Sub(today).Hours() / 24
			if !start.After(today) || days > 7 {
				t.Errorf("the first meeting %s is not the next Thursday after %s", start, today)
			}
		} else if got := start.Sub(previous); got != 7*24*time.Hour {
			t.Errorf("%s comes %s after the previous one", slug, got)
		}
		previous = start
	}
}

func TestDemoHasAccountPerRoleAndAFullDirectory(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, a := range seed.Accounts {
		user, err := app.FindAuthRecordByEmail("users", a.Email)
		if err != nil || user.GetString("role") != a.Role || !user.ValidatePassword(a.Password) {
			t.Errorf("demo %s account %s missing or wrong", a.Role, a.Email)
		}
	}
	if n, _ := app.CountRecords("services"); n < 25 {
		t.Errorf("%d services, want at least 25", n)
	}
	for _, slug := range []string{"0-6-anni", "soresina"} {
		hubtest.BySlug(t, app, "groups", slug)
	}
	// Public holidays are the hub's rule (internal/holidays), not data: the
	// seed writes none into a place's own exceptions.
	main := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	if ex := main.GetString("exceptions"); ex != "[]" && ex != "" && ex != "null" {
		t.Errorf("holiday closures seeded as data: %s", ex)
	}
}

// The first start's report counts every account it adds, the superuser
// included: as many as the start message then lists.
func TestFirstStartCountsEveryAccountItLists(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	// PocketBase keeps at least one superuser: another one stays meanwhile.
	operator := core.NewRecord(mustCollection(t, app, core.CollectionNameSuperusers))
	operator.SetEmail("operatore@hug.test")
	operator.SetPassword("operatore-password")
	if err := app.Save(operator); err != nil {
		t.Fatal(err)
	}
	for _, a := range seed.Logins() {
		collection := "users"
		if a.Role == seed.Superuser.Role {
			collection = core.CollectionNameSuperusers
		}
		record, err := app.FindAuthRecordByEmail(collection, a.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Delete(record); err != nil {
			t.Fatalf("removing %s: %v", a.Email, err)
		}
	}
	report, err := seed.Run(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d accounts", len(seed.Logins())); !strings.Contains(report.String(), want) {
		t.Errorf("report %q, want %q", report, want)
	}
}

func mustCollection(t *testing.T, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The demo announcements come from the press release (the opening, the
// "0-6 anni" point, Soresina), with their English and Arabic texts, and go
// through the app's own path: posted by the demo staff account, published
// with the server's fields, each with its audit line, readable by a guest
// (both groups are public), and in the demo family's inbox (it is in
// "0-6 anni" and everyone's).
func TestDemoAnnouncementsGoThroughTheAppsPath(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff, err := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	if err != nil {
		t.Fatal(err)
	}
	family, err := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if err != nil {
		t.Fatal(err)
	}
	var listed struct {
		Items []struct {
			ID    string            `json:"id"`
			Group string            `json:"group"`
			Title map[string]string `json:"title"`
		} `json:"items"`
	}
	hubtest.Do(t, app, hubtest.Request{Method: "GET", URL: "/api/collections/announcements/records?perPage=200"}).JSON(t, &listed)
	byTitle := map[string]string{}
	for _, a := range listed.Items {
		byTitle[a.Title["it"]] = a.ID
	}
	for title, group := range map[string]string{
		"Hug, il Centro per le Famiglie, è aperto": "",
		"Un punto Hug al Polo per l'Infanzia":      "0-6-anni",
		"Hug anche a Soresina":                     "soresina",
	} {
		id, ok := byTitle[title]
		if !ok {
			t.Errorf("a guest does not read the demo announcement %q", title)
			continue
		}
		a, err := app.FindRecordById("announcements", id)
		if err != nil {
			t.Fatal(err)
		}
		if group != "" {
			group = hubtest.BySlug(t, app, "groups", group).Id
		}
		var text map[string]string
		a.UnmarshalJSONField("body", &text)
		if a.GetString("group") != group || a.GetString("status") != "published" || a.GetString("author") != staff.Id ||
			a.GetDateTime("published_at").IsZero() || text["it"] == "" || text["en"] == "" || text["ar"] == "" {
			t.Errorf("%q: group %q (want %q), status %q, author %q, published_at %v, body languages %d",
				title, a.GetString("group"), group, a.GetString("status"), a.GetString("author"), a.GetDateTime("published_at"), len(text))
		}
		if _, err := app.FindFirstRecordByFilter("audit_log", "action = 'post_announcement' && target_id = {:id} && actor_id = {:staff}",
			map[string]any{"id": id, "staff": staff.Id}); err != nil {
			t.Errorf("%q has no audit line: %v", title, err)
		}
		if _, err := app.FindFirstRecordByFilter("notifications", "user = {:user} && kind = 'announcement' && title ~ {:title}",
			map[string]any{"user": family.Id, "title": title}); group != hubtest.BySlug(t, app, "groups", "soresina").Id && err != nil {
			t.Errorf("%q is not in the demo family's inbox: %v", title, err)
		}
	}
}

// The paternity-support group ("Papà 0-3") is sensitive: its notices are
// neutral on the lock screen. A hub seeded before groups could be is
// fixed by the next run; once staff change the group's sensitivity
// (update_group), a run leaves it as they set it.
func TestThePaternityGroupIsSensitive(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	papa := hubtest.BySlug(t, app, "groups", "papa")
	if !papa.GetBool("sensitive") {
		t.Fatal("the demo's paternity-support group is not sensitive")
	}
	for _, slug := range []string{"0-6-anni", "soresina"} {
		if hubtest.BySlug(t, app, "groups", slug).GetBool("sensitive") {
			t.Errorf("%s is sensitive", slug)
		}
	}
	papa.Set("sensitive", false) // as seeded before the field
	if err := app.Save(papa); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !hubtest.BySlug(t, app, "groups", "papa").GetBool("sensitive") {
		t.Fatal("a later run did not mark the paternity-support group sensitive")
	}
	out := hubtest.Mutate(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "it", "update_group", map[string]any{"group": papa.Id, "sensitive": false})
	if out.Status != "applied" {
		t.Fatalf("staff's update_group: %+v", out.Error)
	}
	if _, err := seed.Run(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	if hubtest.BySlug(t, app, "groups", "papa").GetBool("sensitive") {
		t.Error("the seed overwrote staff's choice")
	}
}
