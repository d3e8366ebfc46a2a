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
	for _, c := range []string{"places", "services", "activities", "groups", "users", "organizations", "centre", "registrations", "memberships"} {
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
