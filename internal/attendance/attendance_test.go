package attendance_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/attendance"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/registration"
)

// door is an activity on a winter evening (18:30 in Cremona, 17:30 UTC)
// with families going, offered and waitlisted, one of them with a name
// that a spreadsheet would run as a formula.
type door struct {
	activity                          *core.Record
	going, formula, waitlisted, other *core.Record // registrations
}

func newDoor(t *testing.T, app *tests.TestApp) door {
	t.Helper()
	a := hubtest.Save(t, app, "activities", map[string]any{"title": map[string]string{"it": "A.Pe - Aperitivo pedagogico", "en": "A.Pe - Pedagogical aperitif"},
		"kind": "meeting", "status": "approved", "starts_at": "2027-01-14 17:30:00.000Z", "ends_at": "2027-01-14 19:00:00.000Z",
		"registration_required": true, "capacity": 6})
	family := func(email, name string) *core.Record {
		return hubtest.Save(t, app, "users", map[string]any{"email": email, "password": "password-123", "role": "family", "name": name,
			"municipality": "Cremona"})
	}
	reg := func(user *core.Record, adults, children int) *core.Record {
		c, _ := app.FindCollectionByNameOrId("registrations")
		r := core.NewRecord(c)
		r.Load(map[string]any{"activity": a.Id, "user": user.Id, "adults": adults, "children": children, "status": "going"})
		if err := registration.Register(app, r, func() error { return app.Save(r) }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	d := door{activity: a}
	d.going = reg(family("amina@hug.test", "Amina Benali"), 1, 2)
	d.formula = reg(family("formula@hug.test", "=HYPERLINK(\"http://x\";\"click\")"), 1, 1)
	d.other = reg(family("li@hug.test", "李 Wei"), 1, 1)
	d.waitlisted = reg(family("waiting@hug.test", "Ioana Pop"), 2, 1) // 6 seats: 3 + 2 + 2 taken before
	if st := d.waitlisted.GetString("status"); st != "waitlisted" {
		t.Fatalf("fixture: the fourth family is %s, not waitlisted", st)
	}
	return d
}

func csvURL(a *core.Record) string { return "/api/hub/staff/attendance/" + a.Id + ".csv" }

// TestAttendanceCSVIsForStaffOnly: staff and superusers get the file; a
// family, associations (verified or not) and a mediator are refused (403),
// a guest is asked to sign in (401).
func TestAttendanceCSVIsForStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	for _, r := range roles {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: csvURL(d.activity), Token: r.token(t, app)})
		want := http.StatusForbidden
		switch {
		case isStaff(r):
			want = http.StatusOK
		case r.email == "":
			want = http.StatusUnauthorized
		}
		if res.Status != want {
			t.Errorf("%s: %d, want %d: %s", r.name, res.Status, want, res.Body)
		}
		if want != http.StatusOK && strings.Contains(string(res.Body), "Amina") {
			t.Errorf("%s: a refusal carries a name", r.name)
		}
	}
}

// TestAttendanceCSVOpensInExcel (the check-in made at 18:41 in Cremona on
// 20 November, the activity on 14 January at 18:30): BOM, ";", CRLF, headers in the staff
// member's language, dates dd/mm/yyyy and times in Rome, the formula-like
// name neutralised, going before waitlisted, the check-ins, no e-mail.
func TestAttendanceCSVOpensInExcel(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	if _, err := attendance.Mark(app, staff, attendance.Check{Registration: d.going.Id, Present: true,
		At: time.Date(2026, 11, 20, 17, 41, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		lang, activityHeader, nameHeader, title, yes string
	}{
		{"it", "Attività", "Nome", "A.Pe - Aperitivo pedagogico", "Sì"},
		{"fr", "Activité", "Nom", "A.Pe - Aperitivo pedagogico", "Oui"},
		{"en", "Activity", "Name", "A.Pe - Pedagogical aperitif", "Yes"},
	} {
		staff.Set("languages", []string{c.lang})
		if err := app.Save(staff); err != nil {
			t.Fatal(err)
		}
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: csvURL(d.activity),
			Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Header: map[string]string{"Accept-Language": "ar"}})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.lang, res.Status, res.Body)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(ct, "utf-8") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if strings.Contains(string(res.Body), "@hug.test") {
			t.Errorf("the file holds an e-mail address")
		}
		rows := parseCSV(t, res.Body)
		if rows[0][0] != c.activityHeader || rows[0][3] != c.nameHeader {
			t.Errorf("%s: header %q", c.lang, rows[0])
		}
		if len(rows) != 5 {
			t.Fatalf("%s: %d rows, want a header and 4 families: %q", c.lang, len(rows), rows)
		}
		first := rows[1]
		if first[0] != c.title || first[1] != "14/01/2027" || first[2] != "18:30" {
			t.Errorf("%s: activity, date and time %q, want %q 14/01/2027 18:30 (Rome)", c.lang, first[:3], c.title)
		}
		if first[3] != "Amina Benali" || first[5] != "1" || first[6] != "2" || first[8] != c.yes || first[9] != "1" || first[10] != "2" || first[11] != "18:41" {
			t.Errorf("%s: the family marked present: %q", c.lang, first)
		}
		if rows[2][3] != "'=HYPERLINK(\"http://x\";\"click\")" {
			t.Errorf("%s: the formula-like name is %q, want it behind an apostrophe", c.lang, rows[2][3])
		}
		if rows[3][3] != "李 Wei" || rows[3][8] != "" {
			t.Errorf("%s: an unmarked family: %q", c.lang, rows[3])
		}
		if last := rows[4]; last[3] != "Ioana Pop" || last[7] != "3" {
			t.Errorf("%s: the waitlisted family last, with 3 waiting: %q", c.lang, last)
		}
	}
}

// TestMarkAttendanceIsForStaffOnly: through the outbox's endpoint, staff's
// check-in is applied; a family's, an association's and a mediator's are
// refused with attendance_staff_only and write nothing; a guest (and a
// superuser, who has no phone outbox: the endpoint is for users) is
// refused before anything is read.
func TestMarkAttendanceIsForStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	for _, r := range roles {
		status, out := push(t, app, r.token(t, app), mark(hubtest.MutationID(), d.going.Id, true, ""))
		switch r.name {
		case "guest":
			if status != http.StatusUnauthorized {
				t.Errorf("guest: %d", status)
			}
		case "superuser":
			if status == http.StatusOK {
				t.Errorf("superuser: %d, %+v", status, out)
			}
		case "staff":
			if status != http.StatusOK || out[0].Status != "applied" {
				t.Fatalf("staff: %d %+v", status, out)
			}
		default:
			if status != http.StatusOK || out[0].Status != "rejected" || out[0].Error.Code != attendance.CodeNotStaff || out[0].Error.Status != http.StatusForbidden {
				t.Errorf("%s: %d %+v", r.name, status, out)
			} else if out[0].Error.Message != "Only the centre's staff take attendance." {
				t.Errorf("%s: message %q", r.name, out[0].Error.Message)
			}
			if n, _ := app.CountRecords(attendance.Collection, dbx.HashExp{"activity": d.activity.Id}); n != 0 {
				t.Errorf("%s: %d attendance records written", r.name, n)
			}
		}
	}
	if n, _ := app.CountRecords(attendance.Collection, dbx.HashExp{"activity": d.activity.Id}); n != 1 {
		t.Errorf("%d attendance records after staff's check-in, want 1", n)
	}
}

// TestMarkAttendanceIsIdempotent: a replay of the same mutation, and a
// second tablet marking the same family, leave one record; of two taps the
// later stands whatever order they arrive in.
func TestMarkAttendanceIsIdempotent(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	token := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	first := mark(hubtest.MutationID(), d.going.Id, true, "2026-11-20T18:40:00+01:00")
	for i := 0; i < 2; i++ {
		_, out := push(t, app, token, first)
		if out[0].Status != "applied" || out[0].Replayed != (i == 1) {
			t.Fatalf("send %d: %+v", i, out[0])
		}
	}
	// The other tablet: the family was unmarked at 18:45, sent after a
	// mark made at 18:42 by a third tablet that was offline longer.
	push(t, app, token, mark(hubtest.MutationID(), d.going.Id, false, "2026-11-20T18:45:00+01:00"))
	push(t, app, token, mark(hubtest.MutationID(), d.going.Id, true, "2026-11-20T18:42:00+01:00"))
	records, err := app.FindAllRecords(attendance.Collection, dbx.HashExp{"activity": d.activity.Id})
	if err != nil || len(records) != 1 {
		t.Fatalf("%d records (%v), want 1", len(records), err)
	}
	r := records[0]
	if r.Id != d.going.Id || r.GetBool("present") || r.GetInt("adults") != 0 {
		t.Errorf("the record: id %s present %v adults %d, want the registration's id, the 18:45 unmark",
			r.Id, r.GetBool("present"), r.GetInt("adults"))
	}
	if got := r.GetDateTime("marked_at").Time(); !got.Equal(time.Date(2026, 11, 20, 17, 45, 0, 0, time.UTC)) {
		t.Errorf("marked at %v", got)
	}
}

// TestAttendanceSyncsToStaffOnly: the check-in list works offline because
// staff's pull carries attendance; a family's pull and list never do.
func TestAttendanceSyncsToStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	family := hubtest.Token(t, app, "users", "amina@hug.test")
	cursor := map[string]int64{}
	for name, token := range map[string]string{"staff": staff, "family": family} {
		var p struct {
			Cursor int64 `json:"cursor"`
		}
		hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync", Token: token}).JSON(t, &p)
		cursor[name] = p.Cursor
	}
	push(t, app, staff, mark(hubtest.MutationID(), d.going.Id, true, ""))
	for name, token := range map[string]string{"staff": staff, "family": family} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?cursor=" + jsonInt(cursor[name]), Token: token})
		var p struct {
			Changes []struct {
				Collection string `json:"collection"`
				ID         string `json:"id"`
			} `json:"changes"`
		}
		res.JSON(t, &p)
		got := false
		for _, c := range p.Changes {
			got = got || (c.Collection == attendance.Collection && c.ID == d.going.Id)
		}
		if got != (name == "staff") {
			t.Errorf("%s's pull has the check-in: %v", name, got)
		}
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/attendance/records", Token: family})
	if strings.Contains(string(res.Body), d.going.Id) {
		t.Errorf("a family lists attendance: %s", res.Body)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/attendance/records", Token: staff,
		Body: map[string]any{"registration": d.other.Id, "activity": d.activity.Id, "present": true, "marked_at": "2027-01-14 17:40:00.000Z"}})
	if res.Status < 400 {
		t.Errorf("staff wrote attendance past Mark through the records API: %d", res.Status)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestAttendanceRulesAreTheOnesTheAudienceMirrors pins the rules the
// change log's "staff" audience was written against: read by staff only,
// written by nobody through the records API (only Mark, through the
// mutation).
func TestAttendanceRulesAreTheOnesTheAudienceMirrors(t *testing.T) {
	app := hubtest.NewApp(t)
	c, err := app.FindCollectionByNameOrId(attendance.Collection)
	if err != nil {
		t.Fatal(err)
	}
	for kind, rule := range map[string]*string{"list": c.ListRule, "view": c.ViewRule} {
		if rule == nil || *rule != `@request.auth.role = "staff"` {
			t.Errorf("%s rule changed: check the audience in register.go", kind)
		}
	}
	for kind, rule := range map[string]*string{"create": c.CreateRule, "update": c.UpdateRule, "delete": c.DeleteRule} {
		if rule != nil {
			t.Errorf("%s rule is %q: writes must go through attendance.Mark", kind, *rule)
		}
	}
}

// TestAttendanceRecordsAPIPerRole: through the records API, staff and
// superusers list and view check-ins; nobody else sees one (a guest, a
// family, associations, a mediator); nobody but a superuser (the operator,
// in the admin UI) creates, changes or deletes one: staff write through Mark.
func TestAttendanceRecordsAPIPerRole(t *testing.T) {
	app := hubtest.NewApp(t)
	d := newDoor(t, app)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	if _, err := attendance.Mark(app, staff, attendance.Check{Registration: d.going.Id, Present: true}); err != nil {
		t.Fatal(err)
	}
	base := "/api/collections/attendance/records"
	for _, r := range roles {
		token := r.token(t, app)
		list := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: base, Token: token})
		view := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: base + "/" + d.going.Id, Token: token})
		sees := strings.Contains(string(list.Body), d.going.Id) && view.Status == http.StatusOK
		if sees != isStaff(r) {
			t.Errorf("%s sees the check-in: %v (list %d, view %d)", r.name, sees, list.Status, view.Status)
		}
		if r.name == "superuser" {
			continue // the operator's admin UI; the staff's path is Mark
		}
		update := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: base + "/" + d.going.Id, Token: token, Body: map[string]any{"adults": 5}})
		create := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: base, Token: token,
			Body: map[string]any{"id": d.other.Id, "registration": d.other.Id, "activity": d.activity.Id, "present": true, "marked_at": "2026-11-20 17:40:00.000Z"}})
		if update.Status < 400 || create.Status < 400 {
			t.Errorf("%s wrote a check-in through the records API: update %d, create %d", r.name, update.Status, create.Status)
		}
		del := hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: base + "/" + d.going.Id, Token: token})
		if del.Status < 400 {
			t.Errorf("%s deleted a check-in: %d", r.name, del.Status)
		}
	}
	if got, err := app.FindRecordById(attendance.Collection, d.going.Id); err != nil || got.GetInt("adults") != 1 {
		t.Errorf("the check-in changed: %v", err)
	}
}
