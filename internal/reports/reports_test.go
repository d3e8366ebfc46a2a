package reports_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
	"github.com/cremona/hug/internal/reports"
)

func report(t *testing.T, app *tests.TestApp, token, activity, reason string) mutations.Outcome {
	t.Helper()
	return hubtest.Mutate(t, app, token, "it", "report_activity", map[string]any{"report": core.GenerateDefaultRandomId(), "activity": activity, "reason": reason, "text": "Non adatta"})
}

func code(o mutations.Outcome) string {
	if o.Error == nil {
		return ""
	}
	return o.Error.Code
}

// families makes n new family accounts and returns their tokens.
func families(t *testing.T, app *tests.TestApp, n int) []string {
	t.Helper()
	tokens := make([]string, n)
	for i := range tokens {
		email := fmt.Sprintf("segnala%d@hug.test", i)
		hubtest.NewUser(t, app, email, "family")
		tokens[i] = hubtest.Token(t, app, "users", email)
	}
	return tokens
}

func tokenOf(t *testing.T, app core.App, email string) string {
	collection := "users"
	if email == hubtest.SuperuserEmail {
		collection = core.CollectionNameSuperusers
	}
	return hubtest.Token(t, app, collection, email)
}

// Anyone signed in reports an approved activity once, through the
// mutation or the records API (the same reports.File); a guest cannot; a
// second report by the same account is refused, and nothing is written.
func TestEachRoleMayReportOnce(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	ape := hubtest.BySlug(t, app, "activities", "ape-4").Id // no report yet
	before := hubtest.Count(t, app, reports.Collection, "id != ''", nil)

	// A guest: the records API says sign in, the mutation endpoint too.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/reports/records",
		Body: map[string]any{"activity": ape, "reason": "spam"}})
	if res.Status < 400 {
		t.Errorf("a guest reported: %d %s", res.Status, res.Body)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations",
		Body: map[string]any{"mutations": []map[string]any{{"id": "guest-1", "name": "report_activity", "args": map[string]any{"report": core.GenerateDefaultRandomId(), "activity": ape, "reason": "spam"}}}}})
	if res.Status != http.StatusUnauthorized {
		t.Errorf("a guest's mutation: %d %s", res.Status, res.Body)
	}

	for i, email := range []string{hubtest.FamilyEmail, hubtest.NewAssocEmail, hubtest.MediatorEmail, hubtest.StaffEmail} {
		token := tokenOf(t, app, email)
		if i%2 == 0 {
			if o := report(t, app, token, ape, "offensive"); o.Status != "applied" {
				t.Errorf("%s: %+v", email, o.Error)
			}
		} else {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/reports/records", Token: token,
				Body: map[string]any{"activity": ape, "reporter": mustID(t, app, email), "reason": "misleading", "status": "dismissed"}})
			if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"status":"open"`) {
				t.Errorf("%s through the records API: %d %s", email, res.Status, res.Body)
			}
		}
		// Again: refused with its code, whichever path; once three reports
		// have hidden it, it is not found for anyone but staff.
		want := reports.CodeExists
		if a, _ := app.FindRecordById("activities", ape); a.GetBool("hidden") && email != hubtest.StaffEmail {
			want = "error_status_404"
		}
		if o := report(t, app, token, ape, "spam"); code(o) != want {
			t.Errorf("%s reported twice: %+v", email, o.Error)
		}
	}
	// The superuser is no account: refused.
	su := tokenOf(t, app, hubtest.SuperuserEmail)
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/reports/records", Token: su,
		Body: map[string]any{"activity": ape, "reporter": mustID(t, app, hubtest.FamilyEmail), "reason": "spam"}})
	if res.Status != http.StatusForbidden {
		t.Errorf("a superuser reported: %d %s", res.Status, res.Body)
	}
	if n := hubtest.Count(t, app, reports.Collection, "id != ''", nil); n != before+4 {
		t.Errorf("%d reports, want %d", n, before+4)
	}
}

func mustID(t *testing.T, app core.App, email string) string {
	u, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Id
}

// Bad input is refused with its code and writes nothing: a reason not in
// the list, a text over 500 characters, an activity not published, one the
// person cannot see.
func TestBadReportsAreRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := tokenOf(t, app, hubtest.FamilyEmail)
	ape := hubtest.BySlug(t, app, "activities", "ape-2").Id
	draft := hubtest.BySlug(t, app, "activities", hubtest.StaffDraftSlug).Id
	before := hubtest.Count(t, app, reports.Collection, "id != ''", nil)
	cases := []struct {
		name, want string
		args       map[string]any
	}{
		{"unknown reason", reports.CodeUnknownReason, map[string]any{"activity": ape, "reason": "boring"}},
		{"text too long", "validation_max_text_constraint", map[string]any{"activity": ape, "reason": "other", "text": strings.Repeat("è", 501)}},
		{"someone's draft", "error_status_404", map[string]any{"activity": draft, "reason": "spam"}}, // not visible: as if missing
	}
	for _, c := range cases {
		c.args["report"] = core.GenerateDefaultRandomId()
		o := hubtest.Mutate(t, app, family, "it", "report_activity", c.args)
		if o.Status != "rejected" || code(o) != c.want {
			t.Errorf("%s: %+v", c.name, o.Error)
		}
	}
	staff := tokenOf(t, app, hubtest.StaffEmail)
	if o := report(t, app, staff, draft, "spam"); code(o) != reports.CodeNotApproved {
		t.Errorf("staff reporting a draft: %+v", o.Error)
	}
	if n := hubtest.Count(t, app, reports.Collection, "id != ''", nil); n != before {
		t.Errorf("%d reports written by refused requests", n-before)
	}
}

// guestSees reports what a guest gets of an activity on every path that
// shows activities to guests: the records API (view and list), the sync
// feed from the given cursor, the public .ics feed and the link preview.
type guestView struct {
	view, list, ics, preview bool
	feed                     string // "put", "delete" or ""
	cursor                   int64
}

func guestSees(t *testing.T, app *tests.TestApp, id string, cursor int64) guestView {
	t.Helper()
	var g guestView
	g.view = hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + id}).Status == http.StatusOK
	list := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records?perPage=500"})
	g.list = strings.Contains(string(list.Body), id)
	g.ics = strings.Contains(string(hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/calendar/all.ics"}).Body), "UID:"+id+"@")
	page := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/activity/" + id})
	g.preview = strings.Contains(string(page.Body), `property="og:title"`)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: fmt.Sprintf("/api/hub/sync?cursor=%d", cursor)})
	var feed struct {
		Cursor  int64
		Changes []struct{ Op, Collection, ID string }
	}
	res.JSON(t, &feed)
	for _, c := range feed.Changes {
		if c.Collection == "activities" && c.ID == id {
			g.feed = c.Op
		}
	}
	g.cursor = feed.Cursor
	return g
}

// Three different accounts' reports hide an activity from everyone but
// its owners and staff: the records API, the sync feed (a guest's phone
// gets a tombstone), the .ics feed and the link preview. Staff dismissing
// the reports shows it again everywhere (the guest's phone gets it back),
// with the audit line in the same transaction.
func TestThreeReportsHideAndADismissalRestores(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	activity, err := app.FindFirstRecordByFilter("activities", "organization = {:o} && status = 'approved'", map[string]any{"o": solco.Id})
	if err != nil {
		t.Fatal(err)
	}
	id := activity.Id
	start := guestSees(t, app, id, 0)
	if !start.view || !start.list || !start.ics || !start.preview {
		t.Fatalf("a guest does not see the published activity to begin with: %+v", start)
	}
	tokens := families(t, app, 3)
	// The same account twice counts once; two accounts do not hide.
	report(t, app, tokens[0], id, "offensive")
	report(t, app, tokens[0], id, "offensive")
	report(t, app, tokens[1], id, "unsafe")
	if g := guestSees(t, app, id, start.cursor); !g.view || !g.list || !g.ics || !g.preview || g.feed == "delete" {
		t.Fatalf("hidden after two accounts' reports: %+v", g)
	}
	report(t, app, tokens[2], id, "spam")
	hidden := guestSees(t, app, id, start.cursor)
	if hidden.view || hidden.list || hidden.ics || hidden.preview || hidden.feed != "delete" {
		t.Errorf("a guest still sees it after three reports: %+v", hidden)
	}
	// Its owners (a member of Sol.Co.) and staff still see it; a mediator
	// and a family do not.
	for email, want := range map[string]int{hubtest.VerifiedEmail: 200, hubtest.StaffEmail: 200, hubtest.MediatorEmail: 404, hubtest.FamilyEmail: 404} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + id, Token: tokenOf(t, app, email)})
		if res.Status != want {
			t.Errorf("%s viewing the hidden activity: %d, want %d", email, res.Status, want)
		}
	}

	// Staff dismiss: back for everyone, the reports dismissed, one audit line.
	staff := tokenOf(t, app, hubtest.StaffEmail)
	if o := hubtest.Mutate(t, app, staff, "it", "dismiss_reports", map[string]any{"activity": id}); o.Status != "applied" {
		t.Fatalf("dismiss: %+v", o.Error)
	}
	back := guestSees(t, app, id, hidden.cursor)
	if !back.view || !back.list || !back.ics || !back.preview || back.feed != "put" {
		t.Errorf("a guest does not get it back after the dismissal: %+v", back)
	}
	if n := hubtest.Count(t, app, reports.Collection, "activity = {:a} && status = 'dismissed' && decided_by != '' && decided_at != ''", map[string]any{"a": id}); n != 3 {
		t.Errorf("%d reports dismissed, want 3", n)
	}
	lines := auditLines(t, app, id)
	if len(lines) != 2 || lines[0] != "hide_reported visible>hidden" || lines[1] != "dismiss_reports hidden>visible" {
		t.Errorf("audit: %v", lines)
	}
	// The same three cannot hide it again; a new report starts a new count.
	if o := report(t, app, tokens[0], id, "spam"); code(o) != reports.CodeExists {
		t.Errorf("a dismissed reporter reported again: %+v", o)
	}
}

func auditLines(t *testing.T, app core.App, id string) []string {
	t.Helper()
	entries, err := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "seq", 0, 0, map[string]any{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.GetString("action")+" "+e.GetString("from_status")+">"+e.GetString("to_status"))
	}
	return out
}

// hideWithReports makes three accounts report the activity.
func hideWithReports(t *testing.T, app *tests.TestApp, id string) {
	t.Helper()
	for _, token := range families(t, app, 3) {
		if o := report(t, app, token, id, "offensive"); o.Status != "applied" {
			t.Fatal(o.Error)
		}
	}
}

// Only staff decide, through the mutations; acting needs a reason;
// reports already decided are refused (two staff at once: the second is
// told); a refusal writes nothing.
func TestStaffDecideAboutReports(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := hubtest.BySlug(t, app, "activities", "ape-3").Id // no report yet
	hideWithReports(t, app, id)
	auditBefore := hubtest.Count(t, app, "audit_log", "id != ''", nil)

	for _, email := range []string{hubtest.FamilyEmail, hubtest.NewAssocEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail} {
		token := tokenOf(t, app, email)
		for _, name := range []string{"dismiss_reports", "act_on_reports"} {
			o := hubtest.Mutate(t, app, token, "it", name, map[string]any{"activity": id, "outcome": "reject", "reason": "No"})
			if code(o) != reports.CodeStaffOnly || o.Error.Status != http.StatusForbidden {
				t.Errorf("%s %s: %+v", email, name, o)
			}
		}
	}
	staff := tokenOf(t, app, hubtest.StaffEmail)
	if o := hubtest.Mutate(t, app, staff, "it", "act_on_reports", map[string]any{"activity": id, "outcome": "cancel"}); code(o) != reports.CodeDecisionReason {
		t.Errorf("acting without a reason: %+v", o)
	}
	if o := hubtest.Mutate(t, app, staff, "it", "act_on_reports", map[string]any{"activity": id, "outcome": "dismiss"}); code(o) != reports.CodeUnknownOutcome {
		t.Errorf("acting by dismissing: %+v", o)
	}
	if n := hubtest.Count(t, app, "audit_log", "id != ''", nil); n != auditBefore {
		t.Errorf("refused decisions wrote %d audit lines", n-auditBefore)
	}
	if n := hubtest.Count(t, app, reports.Collection, "activity = {:a} && status = 'open'", map[string]any{"a": id}); n != 3 {
		t.Errorf("refused decisions changed the reports: %d open", n)
	}

	if o := hubtest.Mutate(t, app, staff, "it", "act_on_reports", map[string]any{"activity": id, "outcome": "reject", "reason": "Contenuto non adatto alle famiglie"}); o.Status != "applied" {
		t.Fatalf("reject: %+v", o.Error)
	}
	a, _ := app.FindRecordById("activities", id)
	if a.GetString("status") != "rejected" || a.GetBool("hidden") || a.GetString("moderation_reason") != "Contenuto non adatto alle famiglie" {
		t.Errorf("after acting: status %s hidden %v reason %q", a.GetString("status"), a.GetBool("hidden"), a.GetString("moderation_reason"))
	}
	if n := hubtest.Count(t, app, reports.Collection, "activity = {:a} && status = 'acted'", map[string]any{"a": id}); n != 3 {
		t.Errorf("%d reports acted on, want 3", n)
	}
	if lines := auditLines(t, app, id); len(lines) != 2 || lines[1] != "act_on_reports approved>rejected" {
		t.Errorf("audit: %v", lines)
	}
	// A second staff member deciding the same reports a moment later.
	if o := hubtest.Mutate(t, app, staff, "it", "dismiss_reports", map[string]any{"activity": id}); code(o) != reports.CodeNoneOpen {
		t.Errorf("deciding twice: %+v", o)
	}
}

// A decision and its audit line land together: when the line cannot be
// written, the reports stay open and the activity hidden.
func TestADecisionWithoutItsAuditLineIsNotKept(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := hubtest.BySlug(t, app, "activities", "ape-3").Id // no report yet
	hideWithReports(t, app, id)
	app.OnRecordCreate("audit_log").Bind(&hook.Handler[*core.RecordEvent]{Id: "testAuditFails", Func: func(e *core.RecordEvent) error {
		return errors.New("disk full")
	}})
	staff := tokenOf(t, app, hubtest.StaffEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: staff,
		Body: map[string]any{"mutations": []map[string]any{{"id": hubtest.MutationID(), "name": "dismiss_reports", "args": map[string]any{"activity": id}}}}})
	if res.Status == http.StatusOK && strings.Contains(string(res.Body), `"applied"`) {
		t.Fatalf("dismissed without an audit line: %s", res.Body)
	}
	a, _ := app.FindRecordById("activities", id)
	if !a.GetBool("hidden") || hubtest.Count(t, app, reports.Collection, "activity = {:a} && status = 'open'", map[string]any{"a": id}) != 3 {
		t.Errorf("the decision was kept without its audit line: hidden %v", a.GetBool("hidden"))
	}
}

// Nobody, staff and superusers included, hides or shows an activity
// through the records API: only reports do.
func TestOnlyTheServerHidesAnActivity(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	id := hubtest.BySlug(t, app, "activities", "ape-2").Id
	for _, email := range []string{hubtest.StaffEmail, hubtest.SuperuserEmail} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + id,
			Token: tokenOf(t, app, email), Body: map[string]any{"hidden": true}})
		var body struct {
			Data map[string]struct{ Code string }
		}
		_ = json.Unmarshal(res.Body, &body)
		if res.Status != http.StatusForbidden || body.Data["hidden"].Code != reports.CodeHiddenByServer {
			t.Errorf("%s hid an activity: %d %s", email, res.Status, res.Body)
		}
	}
	if a, _ := app.FindRecordById("activities", id); a.GetBool("hidden") {
		t.Error("the activity is hidden")
	}
	// A staff edit that leaves it as it is goes through.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + id,
		Token: tokenOf(t, app, hubtest.StaffEmail), Body: map[string]any{"hidden": false, "runner": "Hug"}})
	if res.Status != http.StatusOK {
		t.Errorf("a staff edit: %d %s", res.Status, res.Body)
	}
}
