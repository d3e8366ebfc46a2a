package figures_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/figures"
	"github.com/cremona/hug/internal/hubtest"
)

var roles = []struct{ name, collection, email string }{
	{"guest", "", ""},
	{"family", "users", hubtest.FamilyEmail},
	{"association", "users", hubtest.NewAssocEmail},
	{"verified association", "users", hubtest.VerifiedEmail},
	{"mediator", "users", hubtest.MediatorEmail},
	{"staff", "users", hubtest.StaffEmail},
	{"superuser", core.CollectionNameSuperusers, hubtest.SuperuserEmail},
}

const period = "?from=2025-01-01&to=2025-03-31"

func save(t *testing.T, app core.App, collection string, data map[string]any) *core.Record {
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
	if created, ok := data["created"].(string); ok {
		dt, _ := types.ParseDateTime(created)
		r.SetRaw("created", dt)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", collection, err)
	}
	return r
}

// fixture is the first quarter of 2025, counted by hand in the comments
// (nothing of the seed falls in it: its dates are around today).
func fixture(t *testing.T, app *tests.TestApp) {
	t.Helper()
	group := save(t, app, "groups", map[string]any{"name": map[string]string{"it": "Gruppo prova"}, "join_policy": "open", "public": true})
	place := save(t, app, "places", map[string]any{"name": "Punto prova", "kind": "access_point"})
	fam := func(n, municipality string, bands ...string) *core.Record {
		return save(t, app, "users", map[string]any{"email": "f" + n + "@fig.test", "password": "password-123", "role": "family",
			"name": "Famiglia Segreta " + n, "municipality": municipality, "children_age_bands": bands})
	}
	f1 := fam("1", "Cremona", "0-3")
	f2 := fam("2", "cremona ", "3-6")
	f3 := fam("3", "Cremona", "0-3", "3-6")
	f4 := fam("4", "Soresina", "6-11")
	f5 := fam("5", "Crema")
	f6 := fam("6", "Cremona", "0-3")
	assoc := save(t, app, "users", map[string]any{"email": "assoc@fig.test", "password": "password-123", "role": "association", "name": "Assoc"})
	act := func(start, status, kind string, withGroup, withPlace bool) *core.Record {
		data := map[string]any{"title": map[string]string{"it": "Fig " + start}, "kind": kind, "status": status,
			"starts_at": start, "ends_at": strings.Replace(start, ":00.000Z", ":59.000Z", 1), "registration_required": true}
		if withGroup {
			data["group"] = group.Id
		}
		if withPlace {
			data["place"] = place.Id
		}
		return save(t, app, "activities", data)
	}
	a1 := act("2025-01-15 17:00:00.000Z", "approved", "meeting", true, true)
	a2 := act("2025-02-10 17:00:00.000Z", "approved", "workshop", true, true)
	a3 := act("2025-02-20 09:00:00.000Z", "approved", "play", false, true)
	a4 := act("2025-03-05 17:00:00.000Z", "cancelled", "meeting", true, true) // not held
	a5 := act("2024-12-31 22:30:00.000Z", "approved", "meeting", true, true)  // 31 December 23:30 in Rome: before
	a6 := act("2025-03-31 21:30:00.000Z", "approved", "play", false, false)   // 31 March 23:30 in Rome: inside
	act("2025-03-31 22:30:00.000Z", "approved", "other", false, false)        // 1 April 00:30 in Rome: after
	reg := func(a, u *core.Record, adults, children int, status string) *core.Record {
		return save(t, app, "registrations", map[string]any{"activity": a.Id, "user": u.Id, "adults": adults, "children": children, "status": status})
	}
	came := func(r *core.Record, present bool, adults, children int) {
		save(t, app, "attendance", map[string]any{"id": r.Id, "registration": r.Id, "activity": r.GetString("activity"),
			"present": present, "adults": adults, "children": children, "marked_at": "2025-01-15 17:10:00.000Z"})
	}
	r11 := reg(a1, f1, 2, 1, "going")
	r12 := reg(a1, f2, 1, 1, "going")
	r13 := reg(a1, f3, 1, 2, "going")
	reg(a1, f4, 1, 0, "going")
	reg(a2, f1, 1, 1, "going")
	r25 := reg(a2, f5, 2, 2, "going")
	reg(a2, assoc, 1, 0, "going") // a registration, people, but not a family
	reg(a3, f6, 1, 1, "going")
	reg(a3, f2, 1, 0, "waitlisted") // not counted
	reg(a6, f3, 1, 0, "going")
	reg(a4, f4, 1, 0, "going") // cancelled activity
	reg(a5, f5, 1, 0, "going") // outside the period
	came(r11, true, 2, 1)
	came(r12, true, 1, 1)
	came(r13, false, 1, 2) // marked absent: its people do not count
	came(r25, true, 2, 1)
	save(t, app, "appointment_requests", map[string]any{"user": f4.Id, "topic": "listening", "status": "new", "created": "2025-02-03 10:00:00.000Z"})
	save(t, app, "appointment_requests", map[string]any{"user": f6.Id, "topic": "information", "status": "new", "preferred_place": place.Id, "created": "2025-03-10 10:00:00.000Z"})
	save(t, app, "appointment_requests", map[string]any{"user": f5.Id, "topic": "listening", "status": "new", "created": "2024-12-01 10:00:00.000Z"})
	save(t, app, "memberships", map[string]any{"group": group.Id, "user": f6.Id, "status": "active", "created": "2024-06-01 10:00:00.000Z"})
	save(t, app, "memberships", map[string]any{"group": group.Id, "user": f5.Id, "status": "pending", "created": "2025-01-02 10:00:00.000Z"})
}

func get(t *testing.T, app *tests.TestApp, url, lang string) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Header: map[string]string{"Accept-Language": lang}})
}

// TestFiguresAreForStaffOnly: both the page's JSON and the file.
func TestFiguresAreForStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	for _, path := range []string{"/api/hub/staff/figures", "/api/hub/staff/figures.csv"} {
		for _, r := range roles {
			token := ""
			if r.email != "" {
				token = hubtest.Token(t, app, r.collection, r.email)
			}
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: path + period, Token: token})
			want := http.StatusForbidden
			switch r.name {
			case "staff", "superuser":
				want = http.StatusOK
			case "guest":
				want = http.StatusUnauthorized
			}
			if res.Status != want {
				t.Errorf("%s %s: %d, want %d", path, r.name, res.Status, want)
			}
		}
	}
}

// TestABadPeriodIsRefused: malformed dates and a period that ends before it
// starts, with a code and a message in the staff member's language.
func TestABadPeriodIsRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	for _, c := range []struct{ query, field, code, message string }{
		{"?from=2025-03-01&to=2025-02-01", "to", figures.CodeReversed, "The period ends before it starts."},
		{"?from=01/03/2025&to=2025-04-01", "from", figures.CodeBadDate, "Write the date as YYYY-MM-DD."},
		{"?from=2025-02-30&to=2025-04-01", "from", figures.CodeBadDate, "Write the date as YYYY-MM-DD."},
		{"?to=2025-04-01", "from", figures.CodeBadDate, "Write the date as YYYY-MM-DD."},
		{"?from=2001-01-01&to=2025-04-01", "to", figures.CodeTooLong, "The period is too long (ten years at most)."},
	} {
		for _, path := range []string{"/api/hub/staff/figures.csv", "/api/hub/staff/figures"} {
			res := get(t, app, path+c.query, "en")
			var body struct {
				Message string                       `json:"message"`
				Data    map[string]map[string]string `json:"data"`
			}
			res.JSON(t, &body)
			if res.Status != http.StatusBadRequest || body.Data[c.field]["code"] != c.code || body.Message != c.message {
				t.Errorf("%s%s: %d %s", path, c.query, res.Status, res.Body)
			}
		}
	}
	res := get(t, app, "/api/hub/staff/figures.csv?from=2025-03-01&to=2025-02-01", "it")
	if !strings.Contains(string(res.Body), "Il periodo finisce prima di cominciare.") {
		t.Errorf("not in Italian: %s", res.Body)
	}
}

// TestFiguresEqualTheHandCount: the fixture's figures, with counts below 3
// (0 too) shown as "<3" and the cells that would give them away as "*".
func TestFiguresEqualTheHandCount(t *testing.T) {
	app := hubtest.NewApp(t)
	fixture(t, app)
	p, err := figures.ParsePeriod("2025-01-01", "2025-03-31")
	if err != nil {
		t.Fatal(err)
	}
	r, err := figures.Compute(app, p)
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]string{}
	for m, c := range r.Totals {
		totals[m] = c.Shown
	}
	// Families: F1-F4 (a1), F1 F5 (a2), F6 (a3, appointment, membership),
	// F3 (a6), F4 (appointment): 6; the association is not a family.
	// Activities a1 a2 a3 a6; registrations 4+3+1+1; people 9+7+2+1;
	// came 3+2+3 (F3 marked absent); appointments F4 and F6: 2.
	want := map[string]string{"families": "6", "activities": "4", "registrations": "9", "registered_people": "19", "attended_people": "8", "appointments": "<3"}
	for m, w := range want {
		if totals[m] != w {
			t.Errorf("total %s: %s, want %s", m, totals[m], w)
		}
	}
	got := map[string]map[string][]string{} // dimension -> measure -> cells in row order
	keys := map[string][]string{}
	for _, b := range r.Breakdowns {
		got[b.Dimension] = map[string][]string{}
		for _, row := range b.Rows {
			keys[b.Dimension] = append(keys[b.Dimension], row.Key)
			for _, m := range b.Measures {
				got[b.Dimension][m] = append(got[b.Dimension][m], row.Cells[m].Shown)
			}
		}
	}
	check := func(dim string, wantKeys []string, measure string, cells ...string) {
		t.Helper()
		if strings.Join(keys[dim], "|") != strings.Join(wantKeys, "|") {
			t.Errorf("%s rows %q, want %q", dim, keys[dim], wantKeys)
		}
		if strings.Join(got[dim][measure], "|") != strings.Join(cells, "|") {
			t.Errorf("%s %s: %q, want %q", dim, measure, got[dim][measure], cells)
		}
	}
	months := []string{"2025-01", "2025-02", "2025-03"}
	// Jan: F1-F4 + F6 (member); Feb: F1 F5 F6 + F4 (appointment); Mar: F3 F6.
	// Mar is <3, and Feb (the smallest shown) is hidden so that 2 cannot be
	// worked out from the others.
	check("month", months, "families", "5", "*", "<3")
	check("month", months, "activities", "<3", "<3", "<3")
	check("month", months, "registrations", "*", "4", "<3")
	check("month", months, "registered_people", "*", "9", "<3")
	// 5, 3, 0: the 0 is "<3"; hiding the 3 alone would say it (8 - 5 = 3
	// is "*" 3 and "<3" 0), so the 5 is hidden too.
	check("month", months, "attended_people", "*", "*", "<3")
	check("month", months, "appointments", "<3", "<3", "<3")
	groupKeys := []string{keys["group"][0], ""}
	check("group", groupKeys, "activities", "<3", "<3")
	check("group", groupKeys, "registrations", "*", "<3")
	check("group", groupKeys, "registered_people", "16", "3")
	check("group", groupKeys, "attended_people", "*", "<3")
	placeKeys := []string{keys["place"][0], ""}
	check("place", placeKeys, "activities", "*", "<3")
	check("place", placeKeys, "registrations", "*", "<3")
	check("place", placeKeys, "appointments", "<3", "<3")
	kinds := []string{"meeting", "workshop", "play", "support", "training", "info", "other"}
	check("kind", kinds, "registrations", "4", "*", "<3", "<3", "<3", "<3", "<3")
	// Cremona (3 spellings folded) 4, Soresina 1, Crema 1: shown, 6 - 4 would
	// say the two others are 1 each, so Cremona is hidden too.
	check("municipality", []string{"Cremona", "Crema", "Soresina"}, "families", "*", "<3", "<3")
	check("age_band", []string{"0-3", "3-6", "6-11", "11-14", "14-18", ""}, "families", "3", "<3", "<3", "<3", "<3", "<3")
}

// TestFiguresCSVOpensInExcel: BOM, ";", CRLF, headers and labels in the
// staff member's language, the period's dates dd/mm/yyyy, "<3" kept, no
// personal data.
func TestFiguresCSVOpensInExcel(t *testing.T) {
	app := hubtest.NewApp(t)
	fixture(t, app)
	for _, c := range []struct{ lang, header, total, families string }{
		{"it", "Dal", "Totale", "Famiglie raggiunte"},
		{"en", "From", "Total", "Families reached"},
		{"ar", "من", "المجموع", "العائلات التي تم الوصول إليها"},
	} {
		staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
		staff.Set("languages", []string{c.lang}) // the file is in the staff member's language
		if err := app.Save(staff); err != nil {
			t.Fatal(err)
		}
		res := get(t, app, "/api/hub/staff/figures.csv"+period, "it")
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.lang, res.Status, res.Body)
		}
		body := res.Body
		if !bytes.HasPrefix(body, []byte("\uFEFF")) {
			t.Fatalf("no byte order mark")
		}
		body = body[3:]
		if bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
			t.Errorf("a line does not end with CRLF")
		}
		for _, secret := range []string{"Segreta", "@fig.test", "Assoc"} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s: the file holds %q", c.lang, secret)
			}
		}
		reader := csv.NewReader(bytes.NewReader(body))
		reader.Comma = ';'
		rows, err := reader.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != c.header || len(rows[0]) != 6 {
			t.Errorf("%s: header %q", c.lang, rows[0])
		}
		first := rows[1]
		if first[0] != "01/01/2025" || first[1] != "31/03/2025" || first[2] != c.total || first[4] != c.families || first[5] != "6" {
			t.Errorf("%s: first row %q", c.lang, first)
		}
		small := false
		for _, r := range rows {
			small = small || r[5] == "<3"
		}
		if !small {
			t.Errorf("%s: no cell shown as <3", c.lang)
		}
	}
}

// TestSmallCountsAreSuppressed: no count below 3, 0 included, is shown on
// the page (JSON: "<3" with no count) or in the file; the fixture has
// totals, cells of 0, 1 and 2 in every breakdown's columns.
func TestSmallCountsAreSuppressed(t *testing.T) {
	app := hubtest.NewApp(t)
	fixture(t, app)
	res := get(t, app, "/api/hub/staff/figures"+period, "en")
	var r struct {
		Totals     map[string]map[string]any `json:"totals"`
		Breakdowns []struct {
			Dimension string `json:"dimension"`
			Rows      []struct {
				Key   string                    `json:"key"`
				Cells map[string]map[string]any `json:"cells"`
			} `json:"rows"`
		} `json:"breakdowns"`
	}
	res.JSON(t, &r)
	cells, small := 0, 0
	check := func(where string, c map[string]any) {
		t.Helper()
		cells++
		count, hasCount := c["count"].(float64)
		switch shown := c["shown"].(string); {
		case shown == figures.Small || shown == figures.Hidden:
			if c["count"] != nil {
				t.Errorf("%s: %v (a hidden cell gives its count)", where, c)
			}
			if shown == figures.Small {
				small++
			}
		case !hasCount || count < 3 || shown != strconv.Itoa(int(count)):
			t.Errorf("%s: %v (a count below 3 shown)", where, c)
		}
	}
	for m, c := range r.Totals {
		check("total "+m, c)
	}
	for _, b := range r.Breakdowns {
		for _, row := range b.Rows {
			for m, c := range row.Cells {
				check(b.Dimension+" "+row.Key+" "+m, c)
			}
		}
	}
	if cells < 50 || small < 20 {
		t.Fatalf("%d cells, %d of them <3: not the fixture", cells, small)
	}
	res = get(t, app, "/api/hub/staff/figures.csv"+period, "en")
	reader := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\uFEFF"))))
	reader.Comma = ';'
	reader.FieldsPerRecord = -1
	rows, err := reader.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	smallInFile := 0
	for _, row := range rows[1:] {
		switch row[5] {
		case "0", "1", "2":
			t.Errorf("file: %q", row)
		case figures.Small:
			smallInFile++
		}
	}
	if smallInFile != small {
		t.Errorf("file: %d cells <3, the page %d", smallInFile, small)
	}
}
