package groups_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

// TestStaffMarkAGroupSensitive: staff mark Soresina sensitive with
// update_group (audited as a change of "sensitive") and create a group
// already sensitive with create_group; a family, an association member
// and a mediator asking the same are refused and nothing changes; a
// sensitive that is not true or false is refused as bad arguments.
func TestStaffMarkAGroupSensitive(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	soresina := hubtest.BySlug(t, app, "groups", "soresina")
	if soresina.GetBool("sensitive") {
		t.Fatal("the demo's Soresina group is already sensitive")
	}
	audits, _ := app.CountRecords("audit_log")
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail, "mediator": hubtest.MediatorEmail} {
		token := hubtest.Token(t, app, "users", email)
		if out := hubtest.Mutate(t, app, token, "it", "update_group", map[string]any{"group": soresina.Id, "sensitive": true}); out.Status != "rejected" {
			t.Errorf("update_group by a %s: %s", role, out.Status)
		}
		id := core.GenerateDefaultRandomId()
		if out := hubtest.Mutate(t, app, token, "it", "create_group", map[string]any{"group": id, "name": map[string]string{"it": "Papà"}, "join_policy": "open", "sensitive": true}); out.Status != "rejected" {
			t.Errorf("create_group by a %s: %s", role, out.Status)
		}
		if _, err := app.FindRecordById("groups", id); err == nil {
			t.Errorf("a %s created a group", role)
		}
	}
	if hubtest.BySlug(t, app, "groups", "soresina").GetBool("sensitive") {
		t.Fatal("a refused change made Soresina sensitive")
	}
	if n, _ := app.CountRecords("audit_log"); n != audits {
		t.Errorf("refused changes were audited: %d lines, were %d", n, audits)
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	out := hubtest.Mutate(t, app, staff, "it", "update_group", map[string]any{"group": soresina.Id, "sensitive": "sì"})
	if field, _ := out.Error.Data["args"].(map[string]any); out.Status != "rejected" || field == nil {
		t.Errorf("sensitive \"sì\": %s %+v", out.Status, out.Error)
	}
	if out := hubtest.Mutate(t, app, staff, "it", "update_group", map[string]any{"group": soresina.Id, "sensitive": true}); out.Status != "applied" {
		t.Fatalf("staff's update_group: %s %+v", out.Status, out.Error)
	}
	if !hubtest.BySlug(t, app, "groups", "soresina").GetBool("sensitive") {
		t.Error("staff marked Soresina sensitive: not stored")
	}
	last, err := app.FindRecordsByFilter("audit_log", "id != ''", "-seq", 1, 0)
	if err != nil || len(last) != 1 || last[0].GetString("action") != "update_group" || last[0].GetString("target_id") != soresina.Id || last[0].GetString("detail") != "sensitive" {
		t.Errorf("audit: %v %v", last, err)
	}

	id := core.GenerateDefaultRandomId()
	if out := hubtest.Mutate(t, app, staff, "it", "create_group", map[string]any{"group": id, "name": map[string]string{"it": "Papà"}, "join_policy": "approval", "sensitive": true}); out.Status != "applied" {
		t.Fatalf("staff's create_group: %s %+v", out.Status, out.Error)
	}
	if g, err := app.FindRecordById("groups", id); err != nil || !g.GetBool("sensitive") {
		t.Errorf("a new sensitive group: %v %v", g, err)
	}
}
