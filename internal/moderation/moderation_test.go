package moderation_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

func patchActivity(t *testing.T, app *tests.TestApp, id, token string, body map[string]any) hubtest.Response {
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + id, Token: token, Body: body})
}

func auditFor(t *testing.T, app core.App, id string) []*core.Record {
	entries, err := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "created", 0, 0, map[string]any{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// Rejecting or asking for changes needs a reason (pb_hooks/moderation.pb.js);
// every staff decision lands in the audit log with who, what and why.
func TestStaffDecisionsNeedAReasonAndAreAudited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)

	res := patchActivity(t, app, pending.Id, staff, map[string]any{"status": "rejected"})
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	res.JSON(t, &body)
	if res.Status != http.StatusBadRequest || body.Data["moderation_reason"].Code != "moderation_reason_required" {
		t.Fatalf("reject without reason: %d %s", res.Status, res.Body)
	}
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("status"); got != "pending" {
		t.Fatalf("status changed to %s", got)
	}
	if n := len(auditFor(t, app, pending.Id)); n != 0 {
		t.Fatalf("%d audit entries for a refused decision", n)
	}

	res = patchActivity(t, app, pending.Id, staff, map[string]any{"status": "changes_requested", "moderation_reason": "Manca il luogo"})
	if res.Status != http.StatusOK {
		t.Fatalf("ask for changes: %d %s", res.Status, res.Body)
	}
	res = patchActivity(t, app, pending.Id, staff, map[string]any{"status": "approved", "moderation_reason": ""})
	if res.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}
	entries := auditFor(t, app, pending.Id)
	if len(entries) != 2 {
		t.Fatalf("want 2 audit entries, got %d", len(entries))
	}
	first, second := entries[0], entries[1]
	if first.GetString("action") != "request_changes" || first.GetString("reason") != "Manca il luogo" ||
		first.GetString("from_status") != "pending" || first.GetString("actor_name") != "Operatrice Hug" {
		t.Errorf("first entry: %v", first.PublicExport())
	}
	if second.GetString("action") != "approve" || second.GetString("to_status") != "approved" {
		t.Errorf("second entry: %v", second.PublicExport())
	}
}

// The audit log is append-only for everyone, superusers included.
func TestAuditLogCannotBeRewritten(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	entry, err := app.FindFirstRecordByData("audit_log", "actor_id", "fixture")
	if err != nil {
		t.Fatal(err)
	}
	entry.Set("reason", "rewritten")
	if err := app.Save(entry); err == nil {
		t.Error("an audit entry was changed")
	}
	if err := app.Delete(entry); err == nil {
		t.Error("an audit entry was deleted")
	}
	su := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: "/api/collections/audit_log/records/" + entry.Id, Token: su})
	if res.Status < 400 {
		t.Errorf("superuser deleted an audit entry: %d", res.Status)
	}
}

// A proposer cannot approve their own activity; editing a published one sends
// it back to moderation, so the public calendar only shows reviewed text.
func TestProposerCannotPublishAndEditsGoBackToModeration(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	owner := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)

	res := patchActivity(t, app, pending.Id, owner, map[string]any{"status": "approved"})
	if res.Status < 400 {
		t.Fatalf("self-approval: %d %s", res.Status, res.Body)
	}

	pending.Set("status", "approved")
	if err := app.Save(pending); err != nil {
		t.Fatal(err)
	}
	res = patchActivity(t, app, pending.Id, owner, map[string]any{"summary": map[string]string{"it": "Ora con merenda"}})
	if res.Status != http.StatusOK {
		t.Fatalf("owner edit: %d %s", res.Status, res.Body)
	}
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("status"); got != "pending" {
		t.Errorf("after the owner's edit the status is %s, want pending", got)
	}
	anon := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + pending.Id})
	if anon.Status != http.StatusNotFound {
		t.Errorf("a guest still sees the edited activity: %d", anon.Status)
	}

	// The owner may still cancel what was published.
	pending.Set("status", "approved")
	app.Save(pending)
	res = patchActivity(t, app, pending.Id, owner, map[string]any{"status": "cancelled"})
	if res.Status != http.StatusOK {
		t.Errorf("owner cancel: %d %s", res.Status, res.Body)
	}
}

// Staff changing a role or verifying an organization is audited too.
func TestVerifyingAnOrganizationIsAudited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	org := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/organizations/records/" + org.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"verified": true}})
	if res.Status != http.StatusOK {
		t.Fatalf("verify: %d %s", res.Status, res.Body)
	}
	entries := auditFor(t, app, org.Id)
	if len(entries) != 1 || entries[0].GetString("action") != "verify_organization" || entries[0].GetString("to_status") != "true" {
		t.Errorf("audit: %d entries", len(entries))
	}
}
