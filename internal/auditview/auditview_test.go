package auditview_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/auditview"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/moderation"
)

func tokenOf(t *testing.T, app core.App, email string) string {
	collection := "users"
	if email == hubtest.SuperuserEmail {
		collection = core.CollectionNameSuperusers
	}
	return hubtest.Token(t, app, collection, email)
}

// line appends a decision by actor and dates it at (UTC, as stored) below
// the API, so that a period's ends can be tested; the chain is not what
// these tests are about.
func line(t *testing.T, app core.App, actor *core.Record, d moderation.Decision, at string) {
	t.Helper()
	if err := app.RunInTransaction(func(tx core.App) error { return moderation.Append(tx, actor, d) }); err != nil {
		t.Fatal(err)
	}
	if at == "" {
		return
	}
	if _, err := app.DB().NewQuery("UPDATE audit_log SET created = {:at} WHERE seq = (SELECT MAX(seq) FROM audit_log)").
		Bind(dbx.Params{"at": at}).Execute(); err != nil {
		t.Fatal(err)
	}
}

type page struct {
	Entries []auditview.Entry
	Total   int
	Pages   int
	Actors  []auditview.Option
	Actions []auditview.Option
}

func get(t *testing.T, app *tests.TestApp, token, query string) (page, hubtest.Response) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/staff/audit?" + query, Token: token})
	var p page
	if res.Status == http.StatusOK {
		res.JSON(t, &p)
	}
	return p, res
}

// The log and its file are for staff: a guest must sign in, a family, an
// association, a mediator are refused.
func TestTheAuditViewIsForStaffOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	want := map[string]int{"": 401, hubtest.FamilyEmail: 403, hubtest.NewAssocEmail: 403, hubtest.VerifiedEmail: 403,
		hubtest.MediatorEmail: 403, hubtest.StaffEmail: 200, hubtest.SuperuserEmail: 200}
	for email, status := range want {
		token := ""
		if email != "" {
			token = tokenOf(t, app, email)
		}
		for _, path := range []string{"/api/hub/staff/audit", "/api/hub/staff/audit.csv"} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: path, Token: token})
			if res.Status != status {
				t.Errorf("%q GET %s: %d, want %d", email, path, res.Status, status)
			}
		}
	}
}

// Filters by person, action and period (whole days in Rome time: 23:30 UTC
// on 1 March is 2 March in Cremona), the names of the people resolved, an
// account deleted since said so, newest first.
func TestTheAuditViewFilters(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	gone := hubtest.NewUser(t, app, "ex.staff@hug.test", "staff")
	ape := hubtest.BySlug(t, app, "activities", "ape-2")
	line(t, app, staff, moderation.Decision{Action: "approve", Collection: "activities", RecordID: ape.Id, From: "pending", To: "approved"}, "2025-03-01 23:30:00.000Z")
	line(t, app, staff, moderation.Decision{Action: "reject", Collection: "activities", RecordID: ape.Id, From: "pending", To: "rejected", Reason: "Manca il luogo"}, "2025-03-02 12:00:00.000Z")
	line(t, app, gone, moderation.Decision{Action: "approve", Collection: "activities", RecordID: ape.Id, From: "pending", To: "approved"}, "2025-03-03 10:00:00.000Z")
	if err := app.Delete(gone); err != nil {
		t.Fatal(err)
	}
	token := tokenOf(t, app, hubtest.StaffEmail)

	p, _ := get(t, app, token, "from=2025-03-02&to=2025-03-02&lang=en")
	if p.Total != 2 || p.Entries[0].Action != "reject" || p.Entries[1].At != "2025-03-01T23:30:00Z" {
		t.Fatalf("2 March in Rome: %+v", p)
	}
	e := p.Entries[0]
	if e.Actor != staff.GetString("name") || e.ActionLabel != "Rejected" || e.From != "Submitted" || e.To != "Rejected" ||
		e.Reason != "Manca il luogo" || !strings.Contains(e.Target, "A.Pe") {
		t.Errorf("an entry as staff read it: %+v", e)
	}
	if p, _ := get(t, app, token, "from=2025-03-01&to=2025-03-01"); p.Total != 0 {
		t.Errorf("1 March in Rome holds %d lines, want none", p.Total)
	}
	if p, _ := get(t, app, token, "action=approve&from=2025-03-01&to=2025-03-03&lang=en"); p.Total != 2 || p.Entries[0].Actor != "Deleted account" {
		t.Errorf("approvals: %+v", p)
	}
	if p, _ := get(t, app, token, "actor="+staff.Id+"&from=2025-03-01&to=2025-03-03"); p.Total != 2 {
		t.Errorf("by the staff member: %d", p.Total)
	}
	// A filter is a value, never an expression.
	if p, _ := get(t, app, token, "actor="+url.QueryEscape(staff.Id+"' OR '1'='1")); p.Total != 0 {
		t.Errorf("an injected actor matched %d lines", p.Total)
	}
	all, _ := get(t, app, token, "")
	found := false
	for _, a := range all.Actors {
		found = found || (a.ID == staff.Id && a.Label == staff.GetString("name"))
	}
	if !found || len(all.Actions) < 2 {
		t.Errorf("the filters' choices: %+v %+v", all.Actors, all.Actions)
	}
}

// A period that ends before it starts, or a date that is none, is refused
// with its code and a message in the staff member's language.
func TestABadPeriodIsRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := tokenOf(t, app, hubtest.StaffEmail)
	for query, want := range map[string]string{
		"from=2025-03-05&to=2025-03-01": "figures_period_reversed",
		"from=5 marzo":                  "figures_bad_date",
	} {
		for _, path := range []string{"/api/hub/staff/audit?", "/api/hub/staff/audit.csv?"} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: path + strings.ReplaceAll(query, " ", "%20"), Token: token,
				Header: map[string]string{"Accept-Language": "it"}})
			body := string(res.Body)
			if res.Status != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("%s%s: %d %s", path, query, res.Status, body)
			}
			if want == "figures_period_reversed" && !strings.Contains(body, "finisce prima") {
				t.Errorf("not said in Italian: %s", body)
			}
		}
	}
}

// The file opens in Excel with Italian settings (internal/staffcsv): read
// back with a CSV parser, headers in the staff member's language, the
// date and time in Rome, names resolved, a formula kept as text.
func TestTheAuditCSVOpensInExcel(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	ape := hubtest.BySlug(t, app, "activities", "ape-2")
	line(t, app, staff, moderation.Decision{Action: "reject", Collection: "activities", RecordID: ape.Id, From: "pending", To: "rejected",
		Reason: "=HYPERLINK(\"x\"); di sera"}, "2025-07-10 22:15:00.000Z")
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/staff/audit.csv?from=2025-07-11&to=2025-07-11&lang=it",
		Token: tokenOf(t, app, hubtest.StaffEmail)})
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", res.Status, res.Header)
	}
	body, ok := bytes.CutPrefix(res.Body, []byte("\uFEFF"))
	if !ok {
		t.Error("no byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows: %q", rows)
	}
	if strings.Join(rows[0][:4], "|") != "Data|Ora|Chi|Cosa" {
		t.Errorf("header: %q", rows[0])
	}
	got := rows[1]
	if got[0] != "11/07/2025" || got[1] != "00:15" || got[2] != staff.GetString("name") || got[3] != "Rifiutata" ||
		got[5] != "Inviata" || got[6] != "Rifiutata" || got[7] != "'=HYPERLINK(\"x\"); di sera" {
		t.Errorf("row: %q", got)
	}
}

// Nobody, superusers included, changes or deletes a line through the API,
// whatever their role; the viewer's own paths only read.
func TestNobodyRewritesTheLogThroughTheAPI(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	entry, err := app.FindFirstRecordByData("audit_log", "actor_id", "fixture")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := moderation.VerifyChain(app, "")
	for _, email := range []string{"", hubtest.FamilyEmail, hubtest.NewAssocEmail, hubtest.MediatorEmail, hubtest.StaffEmail, hubtest.SuperuserEmail} {
		token := ""
		if email != "" {
			token = tokenOf(t, app, email)
		}
		for _, r := range []hubtest.Request{
			{Method: http.MethodPatch, URL: "/api/collections/audit_log/records/" + entry.Id, Body: map[string]any{"reason": "rewritten", "actor_id": "someone"}},
			{Method: http.MethodDelete, URL: "/api/collections/audit_log/records/" + entry.Id},
			{Method: http.MethodPost, URL: "/api/hub/staff/audit", Body: map[string]any{"reason": "x"}},
			{Method: http.MethodPatch, URL: "/api/hub/staff/audit", Body: map[string]any{"reason": "x"}},
			{Method: http.MethodDelete, URL: "/api/hub/staff/audit"},
			{Method: http.MethodDelete, URL: "/api/hub/staff/audit.csv"},
		} {
			r.Token = token
			if res := hubtest.Do(t, app, r); res.Status < 400 {
				t.Errorf("%q %s %s: %d %s", email, r.Method, r.URL, res.Status, res.Body)
			}
		}
	}
	after, _ := moderation.VerifyChain(app, "")
	stored, _ := app.FindRecordById("audit_log", entry.Id)
	if !after.OK() || after.Entries != before.Entries || stored.GetString("reason") != entry.GetString("reason") {
		t.Errorf("the log changed: %v", after)
	}
}
