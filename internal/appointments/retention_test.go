package appointments_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/appointments"
	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/figures"
	"github.com/cremona/hug/internal/hubtest"
)

// saveAt saves a record with its created and updated dates as given
// (PocketBase's format), as if it had been made and last changed then.
func saveAt(t *testing.T, app core.App, collection, created, updated string, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(data)
	if pw, ok := data["password"].(string); ok {
		r.SetPassword(pw)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", collection, err)
	}
	if created != "" {
		_, err := app.DB().NewQuery("UPDATE " + collection + " SET created = {:c}, updated = {:u} WHERE id = {:id}").
			Bind(map[string]any{"c": created, "u": updated, "id": r.Id}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// reports is the figures of each month from December 2024 to April 2025,
// of the first quarter and of the five months together, as JSON.
func reports(t *testing.T, app core.App) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range [][2]string{{"2024-12-01", "2024-12-31"}, {"2025-01-01", "2025-01-31"}, {"2025-02-01", "2025-02-28"},
		{"2025-03-01", "2025-03-31"}, {"2025-04-01", "2025-04-30"}, {"2025-01-01", "2025-03-31"}, {"2024-12-01", "2025-04-30"}} {
		period, err := figures.ParsePeriod(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		r, err := figures.Compute(app, period)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(r)
		out[p[0]+" "+p[1]] = string(b)
	}
	return out
}

// retentionFixture: five families and a staff member's requests around
// the first quarter of 2025, all but one last changed on 1 April 2025;
// it returns the one changed later.
func retentionFixture(t *testing.T, app *tests.TestApp) (kept string, old []string) {
	t.Helper()
	place := saveAt(t, app, "places", "", "", map[string]any{"name": "Punto prova", "kind": "access_point"})
	group := saveAt(t, app, "groups", "", "", map[string]any{"name": map[string]string{"it": "Gruppo prova"}, "join_policy": "open", "public": true})
	fam := func(n, municipality string, bands ...string) *core.Record {
		return saveAt(t, app, "users", "", "", map[string]any{"email": "r" + n + "@ret.test", "password": "password-123", "role": "family",
			"name": "Famiglia Riservata " + n, "municipality": municipality, "children_age_bands": bands})
	}
	fA := fam("a", "cremona ", "0-3")      // reached only by its February request
	fB := fam("b", "Soresina", "3-6")      // a member all along: its March request adds no family
	fC := fam("c", "Crema", "0-3", "6-11") // two January requests, the later one kept
	fD := fam("d", "Cremona")              // a December request
	fE := fam("e", "Cremona", "0-3")       // a request on 1 April (in Rome)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	saveAt(t, app, "memberships", "2024-06-01 10:00:00.000Z", "2024-06-01 10:00:00.000Z", map[string]any{"group": group.Id, "user": fB.Id, "status": "active"})
	ask := func(user *core.Record, created, updated, status string, withPlace bool) string {
		data := map[string]any{"user": user.Id, "topic": "listening", "message": "Segreto di famiglia", "status": status,
			"contact_method": "phone", "contact_phone": "333 1234567", "language": "ar"}
		if withPlace {
			data["preferred_place"] = place.Id
		}
		return saveAt(t, app, "appointment_requests", created, updated, data).Id
	}
	const lastChanged = "2025-04-01 08:00:00.000Z"
	old = append(old,
		ask(fA, "2025-02-15 10:00:00.000Z", lastChanged, "done", true),
		ask(fB, "2025-03-10 10:00:00.000Z", lastChanged, "withdrawn", false),
		ask(fC, "2025-01-10 10:00:00.000Z", lastChanged, "new", true), // never answered: it goes too
		ask(fD, "2024-12-01 10:00:00.000Z", lastChanged, "done", false),
		ask(staff, "2025-02-20 10:00:00.000Z", lastChanged, "done", true), // a request, not a family
		ask(fE, "2025-03-31 22:30:00.000Z", lastChanged, "done", false),   // 1 April in Rome
	)
	kept = ask(fC, "2025-01-20 10:00:00.000Z", "2025-06-01 08:00:00.000Z", "done", true)
	return kept, old
}

// TestRetentionDeletesOldRequestsAndKeepsTheFigures: with the clock at
// 1 May 2026 and twelve months, every request last changed on 1 April 2025
// is deleted (done, withdrawn or never answered), the one changed on
// 1 June 2025 stays; the figures of every month around them, of the
// quarter and of the five months are byte for byte the same before and
// after; what is left of the deleted ones is counts, with no id, name,
// topic or message, and no row ties a place to a municipality or age
// band. Run again, nothing more goes and nothing is counted twice.
func TestRetentionDeletesOldRequestsAndKeepsTheFigures(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	kept, old := retentionFixture(t, app)
	before := reports(t, app)

	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	n, err := appointments.Expire(app, now, 12)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(old) {
		t.Errorf("deleted %d, want %d", n, len(old))
	}
	for _, id := range old {
		if _, err := app.FindRecordById(appointments.Collection, id); err == nil {
			t.Errorf("request %s still there", id)
		}
	}
	if _, err := app.FindRecordById(appointments.Collection, kept); err != nil {
		t.Errorf("the request changed in June 2025 was deleted")
	}
	after := reports(t, app)
	for period, b := range before {
		if after[period] != b {
			t.Errorf("figures of %s changed:\nbefore %s\nafter  %s", period, b, after[period])
		}
	}
	if !strings.Contains(before["2025-01-01 2025-03-31"], `"appointments":{"count":5,"shown":"5"}`) {
		t.Errorf("the quarter does not count its five requests: %s", before["2025-01-01 2025-03-31"])
	}

	var rows []dbx.NullStringMap
	if err := app.DB().NewQuery("SELECT * FROM " + figures.CountsCollection).All(&rows); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(rows)
	for _, row := range rows {
		if row["place"].String != "" && (row["municipality"].String != "" || row["age_bands"].String != "") {
			t.Errorf("a row ties a place to where a family lives: %v", row)
		}
	}
	users, _ := app.FindAllRecords("users")
	for _, secret := range []string{"Segreto", "listening", "333", "Riservata", "ret.test", `"ar"`} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the counts hold %q: %s", secret, raw)
		}
	}
	for _, u := range users {
		if strings.Contains(string(raw), u.Id) {
			t.Errorf("the counts hold the id of %s", u.Email())
		}
	}

	if n, err := appointments.Expire(app, now, 12); err != nil || n != 0 {
		t.Errorf("a second run deleted %d (%v)", n, err)
	}
	if again := reports(t, app); again["2024-12-01 2025-04-30"] != before["2024-12-01 2025-04-30"] {
		t.Errorf("a second run changed the figures")
	}
}

// TestRetentionTombstonesTheRequestOnPhones: the family's and staff's sync
// feeds get a tombstone for a request the retention deleted (so their
// phones drop it); another family's feed names it in no row.
func TestRetentionTombstonesTheRequestOnPhones(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := newRequest(t, app, hubtest.FamilyEmail)
	tokens := map[string]string{}
	from := map[string]int64{}
	for _, email := range []string{hubtest.FamilyEmail, hubtest.StaffEmail, hubtest.OtherFamilyEmail} {
		tokens[email] = hubtest.Token(t, app, "users", email)
		from[email] = pullFrom(t, app, tokens[email], -1).Cursor
	}
	if n, err := appointments.Expire(app, time.Now().AddDate(1, 1, 0), 12); err != nil || n < 1 {
		t.Fatalf("expire: %d %v", n, err)
	}
	for email, want := range map[string]string{hubtest.FamilyEmail: "delete", hubtest.StaffEmail: "delete", hubtest.OtherFamilyEmail: ""} {
		var ops []string
		for _, c := range pullFrom(t, app, tokens[email], from[email]).Changes {
			if c.ID == id {
				ops = append(ops, c.Op)
			}
		}
		if strings.Join(ops, " ") != want {
			t.Errorf("%s's feed: %q, want %q", email, ops, want)
		}
	}
}

// TestTheRetentionJobTakesTheOperatorsMonths: the daily job
// (hubAppointmentRetention) deletes a request last changed 40 days ago
// with --appointmentRetention 1, and keeps it with the default (12).
func TestTheRetentionJobTakesTheOperatorsMonths(t *testing.T) {
	for months, kept := range map[int]bool{0: true, 1: false} {
		app := hubtest.NewAppWith(t, func(c *config.Config) { c.AppointmentRetentionMonths = months })
		id := newRequest(t, app, hubtest.FamilyEmail)
		fortyDays := types.NowDateTime().Add(-40 * 24 * time.Hour).String()
		app.DB().NewQuery("UPDATE appointment_requests SET updated = {:u} WHERE id = {:id}").Bind(map[string]any{"u": fortyDays, "id": id}).Execute()
		var job func()
		for _, j := range app.Cron().Jobs() {
			if j.Id() == appointments.RetentionJob {
				job = j.Run
			}
		}
		if job == nil {
			t.Fatal("no retention job")
		}
		job()
		if _, err := app.FindRecordById(appointments.Collection, id); (err == nil) != kept {
			t.Errorf("retention %d months: a request changed 40 days ago kept = %v", months, err == nil)
		}
		app.Cleanup()
	}
}
