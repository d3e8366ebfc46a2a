package reads_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/reads"
)

// countOf is the count of today's reads of one record (0: no row).
func countOf(t *testing.T, app core.App, collection, id string) int {
	t.Helper()
	var n int
	err := app.DB().NewQuery("SELECT COALESCE(SUM(count), 0) FROM hub_reads WHERE target_collection = {:c} AND target_id = {:id}").
		Bind(dbx.Params{"c": collection, "id": id}).Row(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func read(t *testing.T, app *tests.TestApp, token, collection, id string) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/reads", Token: token,
		Body: map[string]string{"collection": collection, "id": id}, Header: map[string]string{"Accept-Language": "it"}})
}

func aService(t *testing.T, app core.App) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter("services", "retired = false")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAGuestsReadOfAPublicServiceCounts: two opens by a guest add two to
// the day's count of that service, and one of an activity to its own.
func TestAGuestsReadOfAPublicServiceCounts(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	service := aService(t, app)
	for range 2 {
		if res := read(t, app, "", "services", service.Id); res.Status != http.StatusNoContent {
			t.Fatalf("read: %d %s", res.Status, res.Body)
		}
	}
	if n := countOf(t, app, "services", service.Id); n != 2 {
		t.Fatalf("count = %d, want 2", n)
	}
	activity := hubtest.BySlug(t, app, "activities", "ape-2")
	if res := read(t, app, "", "activities", activity.Id); res.Status != http.StatusNoContent {
		t.Fatalf("activity read: %d %s", res.Status, res.Body)
	}
	if n := countOf(t, app, "activities", activity.Id); n != 1 {
		t.Fatalf("activity count = %d, want 1", n)
	}
	var rows int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM hub_reads WHERE target_id = {:id}").Bind(dbx.Params{"id": service.Id}).Row(&rows); err != nil || rows != 1 {
		t.Fatalf("rows for the service = %d (%v), want one row per day", rows, err)
	}
}

// TestReadsOfHiddenRecordsAreRefusedAndNotCounted: a guest opening a
// retired service (staff only) or the private group's announcement, a
// record that does not exist, or a collection that is not counted, is
// refused with a message in the caller's language and adds nothing.
func TestReadsOfHiddenRecordsAreRefusedAndNotCounted(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	retired := hubtest.Save(t, app, "services", map[string]any{"name": map[string]string{"it": "Sportello chiuso"}, "category": aService(t, app).GetString("category"),
		"nature": aService(t, app).GetString("nature"), "retired": true})
	private, err := app.FindFirstRecordByFilter("announcements", "title.it = {:t}", map[string]any{"t": hubtest.AnnouncementPrivate})
	if err != nil {
		t.Fatal(err)
	}
	users, _ := app.FindFirstRecordByFilter("users", "email = {:e}", map[string]any{"e": hubtest.FamilyEmail})
	for _, c := range []struct {
		name, collection, id, message string
		status                        int
	}{
		{"retired service", "services", retired.Id, "non esiste o non è visibile", http.StatusNotFound},
		{"private announcement", "announcements", private.Id, "non esiste o non è visibile", http.StatusNotFound},
		{"no such service", "services", "nosuchservice00", "non esiste o non è visibile", http.StatusNotFound},
		{"not a counted collection", "users", users.Id, "Si contano solo", http.StatusBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, app, "", c.collection, c.id)
			if res.Status != c.status || !strings.Contains(string(res.Body), c.message) {
				t.Fatalf("got %d %s, want %d with %q", res.Status, res.Body, c.status, c.message)
			}
			if n := countOf(t, app, c.collection, c.id); n != 0 {
				t.Fatalf("counted %d refused reads", n)
			}
		})
	}
	// Staff may view the retired service: their read counts.
	if res := read(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "services", retired.Id); res.Status != http.StatusNoContent {
		t.Fatalf("staff read: %d %s", res.Status, res.Body)
	}
}

// TestReadCountsHoldNoPerson: the table has a record's collection and id,
// a day and a count; no column can hold a person, an address or a browser.
func TestReadCountsHoldNoPerson(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	c, err := app.FindCollectionByNameOrId(reads.Collection)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range c.Fields {
		names = append(names, f.GetName())
	}
	var columns []string
	if err := app.DB().NewQuery("SELECT name FROM pragma_table_info('hub_reads') ORDER BY name").Column(&columns); err != nil {
		t.Fatal(err)
	}
	want := []string{"count", "day", "id", "target_collection", "target_id"}
	slices.Sort(names)
	if !slices.Equal(names, want) || !slices.Equal(columns, want) {
		t.Fatalf("fields %v, columns %v, want %v", names, columns, want)
	}
}

// TestTopIsForMediatorsAndStaff: the last 30 days' counts go to mediators
// and staff; a family and a guest are refused. Reads older than 30 days do
// not count, and the prune deletes those older than 90.
func TestTopIsForMediatorsAndStaff(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	service := aService(t, app)
	now := time.Now()
	info := &core.RequestInfo{}
	for _, at := range []time.Time{now, now, now.AddDate(0, 0, -29), now.AddDate(0, 0, -40), now.AddDate(0, 0, -100)} {
		if err := reads.Count(app, info, "services", service.Id, at); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []struct {
		email  string
		status int
	}{{hubtest.MediatorEmail, 200}, {hubtest.StaffEmail, 200}, {hubtest.FamilyEmail, 403}, {"", 401}} {
		token := ""
		if who.email != "" {
			token = hubtest.Token(t, app, "users", who.email)
		}
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/reads/top?collection=services", Token: token})
		if res.Status != who.status {
			t.Fatalf("%q: %d %s, want %d", who.email, res.Status, res.Body, who.status)
		}
		if who.status != 200 {
			continue
		}
		var top map[string]int
		res.JSON(t, &top)
		if top[service.Id] != 3 || len(top) != 1 {
			t.Fatalf("%s: top = %v, want {%s: 3}", who.email, top, service.Id)
		}
	}
	if _, err := reads.Prune(app, now); err != nil {
		t.Fatal(err)
	}
	if n := countOf(t, app, "services", service.Id); n != 4 {
		t.Fatalf("after the prune %d reads, want 4 (the day 100 days ago deleted, the one 40 days ago kept)", n)
	}
}

// TestReadsAreRateLimitedPerAddress: one address gets 120 counted reads a
// minute (pb_migrations/1766200000_hub_reads.js); the next is refused.
func TestReadsAreRateLimitedPerAddress(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	service := aService(t, app)
	for i := range 120 {
		if res := read(t, app, "", "services", service.Id); res.Status != http.StatusNoContent {
			t.Fatalf("read %d: %d %s", i+1, res.Status, res.Body)
		}
	}
	if res := read(t, app, "", "services", service.Id); res.Status != http.StatusTooManyRequests {
		t.Fatalf("read 121: %d, want 429", res.Status)
	}
	if n := countOf(t, app, "services", service.Id); n != 120 {
		t.Fatalf("count = %d, want 120", n)
	}
}
