package appointments_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/appointments"
	"github.com/cremona/hug/internal/hubtest"
)

// A family asks; staff propose a date and place; the family asks for
// another; staff propose again; the family confirms; staff close it. Each
// step through the path it takes in the hub (the records API for the
// family, the Go functions the staff console calls), and each staff
// decision is in the audit log.
func TestARequestGoesFromNewToDone(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := newRequest(t, app, hubtest.FamilyEmail)
	if s := status(t, app, id); s != appointments.New {
		t.Fatalf("a new request is %q", s)
	}
	r := propose(t, app, id)
	if r.GetString("status") != appointments.Proposed || r.GetDateTime("proposed_at").IsZero() || r.GetString("proposed_place") == "" {
		t.Fatalf("proposed: %v", r.PublicExport())
	}

	// The family reads the proposal.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: records + "/" + id, Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail)})
	var seen struct{ Status, Proposed_at, Proposed_place, Staff_reply string }
	res.JSON(t, &seen)
	if seen.Status != "proposed" || seen.Proposed_at == "" || seen.Proposed_place != r.GetString("proposed_place") || seen.Staff_reply == "" {
		t.Fatalf("the family sees %s", res.Body)
	}

	for _, step := range []struct{ to, want string }{{"another_asked", "another_asked"}} {
		if res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": step.to}); res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", step.to, res.Status, res.Body)
		}
	}
	propose(t, app, id)
	if res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "confirmed"}); res.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", res.Status, res.Body)
	}
	if _, err := appointments.Close(app, staff(t, app), id); err != nil {
		t.Fatal(err)
	}
	if s := status(t, app, id); s != appointments.Done {
		t.Fatalf("closed: %q", s)
	}

	audit, err := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "seq", 0, 0, map[string]any{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for _, a := range audit {
		moves = append(moves, a.GetString("from_status")+">"+a.GetString("to_status"))
		if a.GetString("action") != "decide_appointment" || a.GetString("actor_id") != staff(t, app).Id {
			t.Errorf("audit line %v", a.PublicExport())
		}
	}
	if got, want := strings.Join(moves, " "), "new>proposed another_asked>proposed confirmed>done"; got != want {
		t.Errorf("audited %q, want %q (the family's own moves are not staff decisions)", got, want)
	}
}

// Who may do what to a family's request that has a proposed date: the
// family every move; another family, an association member, a mediator and
// a guest nothing, not even learn it exists (404, as for a missing id);
// staff read, record a confirmation or a request for another date the
// family phoned in, and delete, but do not withdraw in the family's place.
func TestEachRoleMayMakeOnlyItsMoves(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	roles := []struct{ name, email string }{
		{"the family", hubtest.FamilyEmail}, {"another family", hubtest.OtherFamilyEmail}, {"an association", hubtest.VerifiedEmail},
		{"a mediator", hubtest.MediatorEmail}, {"staff", hubtest.StaffEmail}, {"a guest", ""},
	}
	const ok, hidden, refused, gone = http.StatusOK, http.StatusNotFound, http.StatusBadRequest, http.StatusNoContent
	actions := []struct {
		name, method string
		body         map[string]any
		want         []int // per role, in the order above
		after        []string
	}{
		{"read", http.MethodGet, nil, []int{ok, hidden, hidden, hidden, ok, hidden}, nil},
		{"confirm", http.MethodPatch, map[string]any{"status": "confirmed"}, []int{ok, hidden, hidden, hidden, ok, hidden},
			[]string{"confirmed", "proposed", "proposed", "proposed", "confirmed", "proposed"}},
		{"ask for another date", http.MethodPatch, map[string]any{"status": "another_asked"}, []int{ok, hidden, hidden, hidden, ok, hidden},
			[]string{"another_asked", "proposed", "proposed", "proposed", "another_asked", "proposed"}},
		{"withdraw", http.MethodPatch, map[string]any{"status": "withdrawn"}, []int{ok, hidden, hidden, hidden, refused, hidden},
			[]string{"withdrawn", "proposed", "proposed", "proposed", "proposed", "proposed"}},
		{"mark done", http.MethodPatch, map[string]any{"status": "done"}, []int{refused, hidden, hidden, hidden, ok, hidden},
			[]string{"proposed", "proposed", "proposed", "proposed", "done", "proposed"}},
		{"delete", http.MethodDelete, nil, []int{gone, hidden, hidden, hidden, gone, hidden},
			[]string{"(deleted)", "proposed", "proposed", "proposed", "(deleted)", "proposed"}},
	}
	for _, a := range actions {
		for i, role := range roles {
			id := newRequest(t, app, hubtest.FamilyEmail)
			propose(t, app, id)
			token := ""
			if role.email != "" {
				token = hubtest.Token(t, app, "users", role.email)
			}
			res := hubtest.Do(t, app, hubtest.Request{Method: a.method, URL: records + "/" + id, Token: token, Body: a.body})
			if res.Status != a.want[i] {
				t.Errorf("%s, %s: %d %s, want %d", role.name, a.name, res.Status, res.Body, a.want[i])
			}
			if a.after != nil {
				if s := status(t, app, id); s != a.after[i] {
					t.Errorf("%s, %s: afterwards %s, want %s", role.name, a.name, s, a.after[i])
				}
			}
		}
	}
}

// The family's moves from each state: which are allowed, and the reason of
// each refusal (a confirm with no date proposed says so).
func TestTheFamilysMovesFromEachState(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	// reach puts a new request into a state.
	reach := map[string]func(id string){
		"new":      func(string) {},
		"proposed": func(id string) { propose(t, app, id) },
		"another_asked": func(id string) {
			propose(t, app, id)
			patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "another_asked"})
		},
		"confirmed": func(id string) {
			propose(t, app, id)
			patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "confirmed"})
		},
		"withdrawn": func(id string) { patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "withdrawn"}) },
		"done":      func(id string) { appointments.Close(app, staff(t, app), id) },
	}
	cases := []struct {
		from, to string
		status   int
		code     string // the refusal's code
	}{
		{"new", "confirmed", 400, "appointment_nothing_proposed"},
		{"new", "another_asked", 400, "appointment_nothing_proposed"},
		{"new", "withdrawn", 200, ""},
		{"new", "proposed", 400, "appointment_status_not_allowed"},
		{"new", "done", 400, "appointment_status_not_allowed"},
		{"proposed", "confirmed", 200, ""},
		{"proposed", "another_asked", 200, ""},
		{"proposed", "withdrawn", 200, ""},
		{"another_asked", "confirmed", 400, "appointment_nothing_proposed"},
		{"another_asked", "withdrawn", 200, ""},
		{"confirmed", "withdrawn", 200, ""},
		{"confirmed", "another_asked", 400, "appointment_status_not_allowed"},
		{"withdrawn", "new", 403, "request_already_handled"},
		{"withdrawn", "confirmed", 403, "request_already_handled"},
		{"done", "withdrawn", 403, "request_already_handled"},
	}
	for _, c := range cases {
		id := newRequest(t, app, hubtest.FamilyEmail)
		reach[c.from](id)
		if s := status(t, app, id); s != c.from {
			t.Fatalf("setting up %s: the request is %s", c.from, s)
		}
		res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": c.to})
		_, got := code(t, res)
		if res.Status != c.status || got != c.code {
			t.Errorf("%s -> %s: %d %s, want %d %s", c.from, c.to, res.Status, res.Body, c.status, c.code)
		}
		want := c.from
		if c.status == 200 {
			want = c.to
		}
		if s := status(t, app, id); s != want {
			t.Errorf("%s -> %s: the request is %s, want %s", c.from, c.to, s, want)
		}
	}
}

// A proposed date that has passed cannot be confirmed: the family is told
// to ask for another.
func TestAPassedDateCannotBeConfirmed(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := newRequest(t, app, hubtest.FamilyEmail)
	r := propose(t, app, id)
	r.Set("proposed_at", time.Now().Add(-time.Hour))
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "confirmed"})
	if _, c := code(t, res); res.Status != 400 || c != "appointment_date_passed" {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "another_asked"}); res.Status != 200 {
		t.Fatalf("asking for another: %d %s", res.Status, res.Body)
	}
}

// Staff's proposal: only staff, with a date to come and a place; the
// family cannot write staff's fields nor edit a request once sent.
func TestProposalsAreStaffsAndComplete(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := newRequest(t, app, hubtest.FamilyEmail)
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale").Id
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	soon := time.Now().Add(48 * time.Hour)
	var refusal *router.ApiError
	if _, err := appointments.Propose(app, family, id, soon, place, ""); !errors.As(err, &refusal) || refusal.Status != http.StatusForbidden {
		t.Errorf("a family proposing a date: %v, want staff only (403)", err)
	}
	if _, err := appointments.Close(app, family, id); !errors.As(err, &refusal) || refusal.Status != http.StatusForbidden {
		t.Errorf("a family closing a request: %v, want staff only (403)", err)
	}
	for name, p := range map[string]struct {
		at    time.Time
		place string
	}{"in the past": {time.Now().Add(-time.Hour), place}, "with no place": {soon, ""}, "with no date": {time.Time{}, place}} {
		if _, err := appointments.Propose(app, staff(t, app), id, p.at, p.place, ""); err == nil {
			t.Errorf("staff proposed %s", name)
		}
	}
	if s := status(t, app, id); s != "new" {
		t.Fatalf("after refused proposals the request is %s", s)
	}
	// Through the records API, staff's PATCH is the same Move.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: records + "/" + id, Token: hubtest.Token(t, app, "users", hubtest.StaffEmail),
		Body: map[string]any{"status": "proposed", "proposed_place": place}})
	if f, c := code(t, res); res.Status != 400 || f != "proposed_at" || c != "appointment_proposal_incomplete" {
		t.Errorf("staff PATCH without a date: %d %s", res.Status, res.Body)
	}
	for field, value := range map[string]any{"proposed_at": soon.UTC().Format("2006-01-02 15:04:05.000Z"), "proposed_place": place, "staff_reply": "ok"} {
		res := patch(t, app, hubtest.FamilyEmail, id, map[string]any{"status": "new", field: value})
		if f, c := code(t, res); res.Status != 403 || f != field || c != "staff_only_field" {
			t.Errorf("the family set %s: %d %s", field, res.Status, res.Body)
		}
	}
	for _, body := range []map[string]any{{"message": "Un'altra cosa"}, {"status": "withdrawn", "message": "Un'altra cosa"}, {"status": "new", "contact_phone": "3330000000"}} {
		res = patch(t, app, hubtest.FamilyEmail, id, body)
		if _, c := code(t, res); res.Status != 403 || c != "appointment_only_status" {
			t.Errorf("the family edited a sent request %v: %d %s", body, res.Status, res.Body)
		}
	}
	if r, _ := app.FindRecordById(appointments.Collection, id); r.GetString("message") == "Un'altra cosa" || r.GetString("status") != "new" {
		t.Errorf("the request changed: %v", r.PublicExport())
	}
	res = create(t, app, hubtest.FamilyEmail, map[string]any{"proposed_at": soon.UTC().Format("2006-01-02 15:04:05.000Z")})
	if f, c := code(t, res); res.Status != 403 || f != "proposed_at" || c != "staff_only_field" {
		t.Errorf("a request with a date of its own: %d %s", res.Status, res.Body)
	}
}

// Bad input: each refused with the field named and a reason in the
// caller's language, nothing stored; HTML in the message is kept as text.
func TestBadInput(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	before := count(t, app)
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
		code  string
	}{
		{"an unknown topic", map[string]any{"topic": "astrology"}, "topic", "validation_invalid_value"},
		{"no topic", map[string]any{"topic": ""}, "topic", "validation_required"},
		{"a message too long", map[string]any{"message": strings.Repeat("a", 1001)}, "message", "validation_max_text_constraint"},
		{"no contact", map[string]any{"contact_method": "", "contact_phone": ""}, "contact_method", "appointment_contact_missing"},
		{"phone chosen, none given", map[string]any{"contact_phone": ""}, "contact_phone", "appointment_contact_missing"},
		{"e-mail chosen, none given", map[string]any{"contact_method": "email", "contact_phone": ""}, "contact_email", "appointment_contact_missing"},
		{"a phone that is no phone", map[string]any{"contact_phone": "call me"}, "contact_phone", "appointment_phone_invalid"},
		{"an e-mail that is no e-mail", map[string]any{"contact_method": "email", "contact_email": "nobody"}, "contact_email", "validation_is_email"},
		{"an unknown day", map[string]any{"preferred_days": []string{"8"}}, "preferred_days", "validation_invalid_value"},
		{"an unknown part of the day", map[string]any{"preferred_parts": []string{"night"}}, "preferred_parts", "validation_invalid_value"},
		{"someone else's name on it", map[string]any{"user": staff(t, app).Id}, "user", "refused_not_yourself"},
	} {
		res := create(t, app, hubtest.FamilyEmail, c.body)
		f, got := code(t, res)
		if res.Status < 400 || f != c.field || got != c.code {
			t.Errorf("%s: %d %s, want %s %s", c.name, res.Status, res.Body, c.field, c.code)
		}
		if !strings.Contains(string(res.Body), `"message":"`) {
			t.Errorf("%s: no message in English: %s", c.name, res.Body)
		}
	}
	if n := count(t, app); n != before {
		t.Errorf("bad input stored %d requests", n-before)
	}

	const html = `<img src=x onerror=alert(1)><b>aiuto</b>`
	res := create(t, app, hubtest.FamilyEmail, map[string]any{"message": html, "contact_method": "email", "contact_email": "mamma@example.org"})
	if res.Status != 200 {
		t.Fatalf("a message with HTML: %d %s", res.Status, res.Body)
	}
	var r struct{ ID string }
	res.JSON(t, &r)
	stored, _ := app.FindRecordById(appointments.Collection, r.ID)
	if stored.GetString("message") != html {
		t.Errorf("the message became %q", stored.GetString("message"))
	}
	if stored.GetString("contact_phone") != "" || stored.GetString("contact_email") != "mamma@example.org" {
		t.Errorf("contacts kept: phone %q, e-mail %q (only the one chosen)", stored.GetString("contact_phone"), stored.GetString("contact_email"))
	}
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if stored.GetString("language") != family.GetStringSlice("languages")[0] {
		t.Errorf("language %q, want the family's own", stored.GetString("language"))
	}
}

func count(t *testing.T, app core.App) int {
	t.Helper()
	n, err := app.CountRecords(appointments.Collection)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
