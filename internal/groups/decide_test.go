package groups_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/groups"
	"github.com/cremona/hug/internal/hubtest"
)

// askToJoin is a family asking to join Soresina (by approval).
func askToJoin(t *testing.T, app *tests.TestApp, email string) string {
	t.Helper()
	user := hubtest.NewUser(t, app, email, "family")
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/memberships/records", Token: hubtest.Token(t, app, "users", email),
		Body: map[string]any{"group": hubtest.BySlug(t, app, "groups", "soresina").Id, "user": user.Id}})
	var m struct{ ID, Status string }
	res.JSON(t, &m)
	if res.Status != http.StatusOK || m.Status != "pending" {
		t.Fatalf("asking to join: %d %s", res.Status, res.Body)
	}
	return m.ID
}

func auditOf(t *testing.T, app core.App, id string) []string {
	t.Helper()
	lines, _ := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "seq", 0, 0, map[string]any{"id": id})
	var out []string
	for _, l := range lines {
		out = append(out, l.GetString("action")+" "+l.GetString("from_status")+">"+l.GetString("to_status"))
	}
	return out
}

// Staff approve or decline a request to join a group "by approval"
// (groups.Decide, which the staff console calls): approved, the family is
// in the group; declined, the request is gone (they may ask again). Each
// decision is in the audit log; a second decision about the same request
// is refused; a family cannot decide.
func TestStaffDecideRequestsToJoin(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)

	approved := askToJoin(t, app, "approvami@hug.test")
	if err := groups.Decide(app, family, approved, true); err == nil {
		t.Error("a family approved a request to join")
	}
	if err := groups.Decide(app, staff, approved, true); err != nil {
		t.Fatal(err)
	}
	m, err := app.FindRecordById("memberships", approved)
	if err != nil || m.GetString("status") != "active" {
		t.Fatalf("approved: %v %v", m, err)
	}
	if got := auditOf(t, app, approved); len(got) != 1 || got[0] != "decide_membership pending>active" {
		t.Errorf("audit: %v", got)
	}
	if err := groups.Decide(app, staff, approved, false); err == nil {
		t.Error("a decided request was decided again")
	}
	if m, _ := app.FindRecordById("memberships", approved); m == nil || m.GetString("status") != "active" {
		t.Error("deciding again changed the membership")
	}

	declined := askToJoin(t, app, "rifiutami@hug.test")
	if err := groups.Decide(app, staff, declined, false); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindRecordById("memberships", declined); err == nil {
		t.Error("a declined request is still there")
	}
	if got := auditOf(t, app, declined); len(got) != 1 || got[0] != "decide_membership pending>declined" {
		t.Errorf("audit: %v", got)
	}
	if err := groups.Decide(app, staff, "nonesiste00000a", true); err == nil {
		t.Error("a decision about no request")
	}
}

// A family leaves a group: the membership is gone, and it can join again.
func TestLeavingAGroup(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	user := hubtest.NewUser(t, app, "esco@hug.test", "family")
	token := hubtest.Token(t, app, "users", user.Email())
	group := hubtest.BySlug(t, app, "groups", "0-6-anni").Id
	join := func() string {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/memberships/records", Token: token,
			Body: map[string]any{"group": group, "user": user.Id}})
		var m struct{ ID, Status string }
		res.JSON(t, &m)
		if res.Status != http.StatusOK || m.Status != "active" {
			t.Fatalf("join: %d %s", res.Status, res.Body)
		}
		return m.ID
	}
	id := join()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: "/api/collections/memberships/records/" + id, Token: token})
	if res.Status != http.StatusNoContent {
		t.Fatalf("leave: %d %s", res.Status, res.Body)
	}
	if _, err := app.FindRecordById("memberships", id); err == nil {
		t.Error("the membership is still there")
	}
	join()
}
