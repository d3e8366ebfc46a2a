package mydata_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

func activity(t *testing.T, app core.App, status, proposer string) *core.Record {
	return hubtest.Save(t, app, "activities", map[string]any{"title": map[string]string{"it": "Proposta " + status}, "kind": "meeting",
		"status": status, "proposer": proposer, "registration_required": true,
		"starts_at": hubtest.InDays(120, "10:00"), "ends_at": hubtest.InDays(120, "11:00")})
}

// giveALife gives a person one of everything the hub can hold about them.
func giveALife(t *testing.T, app *tests.TestApp, user *core.Record) map[string]string {
	t.Helper()
	ids := map[string]string{}
	open := activity(t, app, "approved", "")
	ids["registration"] = hubtest.Save(t, app, "registrations", map[string]any{"activity": open.Id, "user": user.Id, "adults": 1, "status": "going"}).Id
	ids["membership"] = hubtest.Save(t, app, "memberships", map[string]any{"group": hubtest.BySlug(t, app, "groups", "soresina").Id, "user": user.Id, "status": "pending"}).Id
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	ids["report"] = hubtest.Save(t, app, "reports", map[string]any{"activity": open.Id, "reporter": user.Id, "reason": "offensive",
		"text": "Segnalata da " + user.GetString("name"), "status": "dismissed", "decided_by": staff.Id}).Id
	ids["request"] = hubtest.Save(t, app, "appointment_requests", map[string]any{"user": user.Id, "topic": "listening",
		"message": "Mi chiamo " + user.GetString("name"), "status": "new"}).Id
	ids["pending_proposal"] = activity(t, app, "pending", user.Id).Id
	ids["published_proposal"] = activity(t, app, "approved", user.Id).Id
	org := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	org.Set("members+", user.Id)
	if err := app.Save(org); err != nil {
		t.Fatal(err)
	}
	ids["organization"] = org.Id
	return ids
}

// The export holds the person's records, and nothing of anybody else's:
// another family's records and an organization's other members stay out.
func TestExportHoldsMyDataAndNobodyElses(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	assoc, _ := app.FindAuthRecordByEmail("users", hubtest.NewAssocEmail) // the organization's other member
	mine := giveALife(t, app, me)
	theirs := giveALife(t, app, other)

	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/me/export"}); res.Status != http.StatusUnauthorized {
		t.Errorf("a guest's export: %d", res.Status)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/me/export", Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail)})
	if res.Status != http.StatusOK {
		t.Fatalf("export: %d %s", res.Status, res.Body)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var export struct {
		Profile             map[string]any
		Registrations       []map[string]any
		Memberships         []map[string]any
		AppointmentRequests []map[string]any `json:"appointment_requests"`
		Proposals           []map[string]any
		Organizations       []map[string]any
		Reports             []map[string]any
	}
	if err := json.Unmarshal(res.Body, &export); err != nil {
		t.Fatal(err)
	}
	if export.Profile["email"] != hubtest.FamilyEmail || export.Profile["id"] != me.Id {
		t.Errorf("profile: %v", export.Profile)
	}
	for _, k := range []string{"password", "tokenKey"} {
		if _, ok := export.Profile[k]; ok {
			t.Errorf("the profile exports %s", k)
		}
	}
	idsOf := func(list []map[string]any) []string {
		var ids []string
		for _, r := range list {
			ids = append(ids, fmt.Sprint(r["id"]))
		}
		return ids
	}
	has := func(list []map[string]any, id string) bool {
		for _, got := range idsOf(list) {
			if got == id {
				return true
			}
		}
		return false
	}
	for what, list := range map[string][]map[string]any{"registration": export.Registrations, "membership": export.Memberships,
		"request": export.AppointmentRequests, "pending_proposal": export.Proposals, "published_proposal": export.Proposals, "organization": export.Organizations,
		"report": export.Reports} {
		if !has(list, mine[what]) {
			t.Errorf("my %s %s is not in the export (%v)", what, mine[what], idsOf(list))
		}
	}
	// The seeded family's own place at A.Pe and its group are there too.
	seeded, _ := app.FindRecordsByFilter("registrations", "user = {:u}", "", 0, 0, dbx.Params{"u": me.Id})
	if len(export.Registrations) != len(seeded) {
		t.Errorf("%d registrations exported, %d held", len(export.Registrations), len(seeded))
	}
	body := string(res.Body)
	for what, id := range theirs {
		if what != "organization" && strings.Contains(body, id) {
			t.Errorf("the export holds the other family's %s %s", what, id)
		}
	}
	// My reports say what I reported, not which member of staff decided.
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	for _, leak := range []string{other.Id, hubtest.OtherFamilyEmail, other.GetString("name"), assoc.Id, hubtest.NewAssocEmail, staff.Id} {
		if strings.Contains(body, leak) {
			t.Errorf("the export mentions another person: %q", leak)
		}
	}
}

// Deleting an account leaves no personal data: the person's id, e-mail and
// name appear in no table of the database, nor in the request log; what
// stays (a published activity, an organization, the audit of a staff
// decision) stays without them.
func TestDeletingAnAccountLeavesNoPersonalData(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	// Test apps keep no request log; this one does, as a served hub does.
	app.Settings().Logs.MaxDays = 5
	user := hubtest.NewUser(t, app, "zaira.testini@hug.test", "family")
	user.Set("name", "Zaira Testini")
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}
	ids := giveALife(t, app, user)
	token := hubtest.Token(t, app, "users", "zaira.testini@hug.test")
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	// A staff decision about her (audited), a profile change, an export:
	// requests whose URLs carry her id land in the request log.
	for _, r := range []hubtest.Request{
		{Method: http.MethodPatch, URL: "/api/collections/memberships/records/" + ids["membership"], Token: staff, Body: map[string]any{"status": "active"}},
		{Method: http.MethodPatch, URL: "/api/collections/users/records/" + user.Id, Token: token, Body: map[string]any{"municipality": "Cremona"}},
		{Method: http.MethodGet, URL: "/api/hub/me/export", Token: token},
	} {
		if res := hubtest.Do(t, app, r); res.Status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", r.Method, r.URL, res.Status, res.Body)
		}
	}
	if n, _ := app.CountRecords("audit_log", dbx.HashExp{"target_id": ids["membership"]}); n != 1 {
		t.Fatalf("the staff decision was not audited (%d lines)", n)
	}
	app.Logger().Info("a line about her", "url", "/api/collections/users/records/"+user.Id)

	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: "/api/hub/me", Token: token}); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	// Wait for PocketBase's log batch (3 s) and the second clean-up after it.
	app.Logger().Info("a line after the deletion")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := countLogs(app, "a line after the deletion"); n > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(5 * time.Second)

	for _, needle := range []string{user.Id, "zaira.testini@hug.test", "Zaira Testini", "Zaira", "Testini"} {
		for _, db := range []struct {
			name string
			db   dbx.Builder
		}{{"data.db", app.DB()}, {"auxiliary.db", app.AuxDB()}} {
			for _, hit := range search(t, db.db, needle) {
				t.Errorf("%s still holds %q: %s", db.name, needle, hit)
			}
		}
	}
	if n, _ := countLogs(app, "a line after the deletion"); n == 0 {
		t.Error("the request log was never written: the log check proved nothing")
	}

	// What stays, stays without her.
	published, err := app.FindRecordById("activities", ids["published_proposal"])
	if err != nil || published.GetString("proposer") != "" {
		t.Errorf("the published activity: %v, proposer %q", err, published.GetString("proposer"))
	}
	if _, err := app.FindRecordById("activities", ids["pending_proposal"]); err == nil {
		t.Error("the unpublished proposal stayed")
	}
	if _, err := app.FindRecordById("organizations", ids["organization"]); err != nil {
		t.Errorf("the organization went with her: %v", err)
	}
	if n, _ := app.CountRecords("audit_log", dbx.HashExp{"target_id": ids["membership"]}); n != 1 {
		t.Errorf("the audit of the staff decision: %d lines, want 1", n)
	}
}

func countLogs(app core.App, message string) (int, error) {
	var n int
	err := app.AuxDB().Select("count(*)").From("_logs").Where(dbx.HashExp{"message": message}).Row(&n)
	return n, err
}

// search looks for needle in every text value of every table of a database.
func search(t *testing.T, db dbx.Builder, needle string) []string {
	t.Helper()
	var tables []string
	if err := db.NewQuery("SELECT name FROM sqlite_master WHERE type = 'table'").Column(&tables); err != nil {
		t.Fatal(err)
	}
	var hits []string
	for _, table := range tables {
		rows, err := db.NewQuery("SELECT * FROM " + db.QuoteSimpleTableName(table)).Rows()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			row := dbx.NullStringMap{}
			if err := rows.ScanMap(row); err != nil {
				t.Fatal(err)
			}
			for column, v := range row {
				if v.Valid && strings.Contains(strings.ToLower(v.String), strings.ToLower(needle)) {
					hits = append(hits, table+"."+column)
				}
			}
		}
		rows.Close()
	}
	return hits
}
