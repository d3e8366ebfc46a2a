package moderation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

func patchActivity(t *testing.T, app *tests.TestApp, id, token string, body map[string]any) hubtest.Response {
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + id, Token: token, Body: body})
}

func staffID(t *testing.T, app core.App) string {
	staff, err := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	if err != nil {
		t.Fatal(err)
	}
	return staff.Id
}

func auditFor(t *testing.T, app core.App, id string) []*core.Record {
	entries, err := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "seq", 0, 0, map[string]any{"id": id})
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
		first.GetString("from_status") != "pending" || first.GetString("actor_id") != staffID(t, app) {
		t.Errorf("first entry: %v", first.PublicExport())
	}
	if second.GetString("action") != "approve" || second.GetString("to_status") != "approved" {
		t.Errorf("second entry: %v", second.PublicExport())
	}
}

// A proposer cannot approve their own activity; editing a published one
// makes a revision that waits for staff, so the public calendar only shows
// reviewed text, and the activity stays on it.
func TestProposerCannotPublishAndEditsWaitForModeration(t *testing.T) {
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
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("status"); got != "approved" {
		t.Errorf("after the owner's edit the status is %s, want approved (the edit waits as a revision)", got)
	}
	anon := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + pending.Id})
	if anon.Status != http.StatusOK || strings.Contains(string(anon.Body), "merenda") {
		t.Errorf("a guest reads the unreviewed edit, or lost the activity: %d %s", anon.Status, anon.Body)
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

// A rejection needs a reason written with it: the reason an earlier decision
// left on the activity does not count, and is not audited as this one's.
func TestRejectionNeedsItsOwnReason(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	owner := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)

	if res := patchActivity(t, app, pending.Id, staff, map[string]any{"status": "changes_requested", "moderation_reason": "Manca il luogo"}); res.Status != http.StatusOK {
		t.Fatalf("ask for changes: %d %s", res.Status, res.Body)
	}
	if res := patchActivity(t, app, pending.Id, owner, map[string]any{"status": "pending"}); res.Status != http.StatusOK {
		t.Fatalf("owner resubmits: %d %s", res.Status, res.Body)
	}
	for _, body := range []map[string]any{{"status": "rejected"}, {"status": "rejected", "moderation_reason": "   "}} {
		res := patchActivity(t, app, pending.Id, staff, body)
		if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "moderation_reason_required") {
			t.Errorf("reject with %v: %d %s", body, res.Status, res.Body)
		}
	}
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("status"); got != "pending" {
		t.Fatalf("rejected without a reason of its own: %s", got)
	}
	if n := len(auditFor(t, app, pending.Id)); n != 1 {
		t.Fatalf("%d audit lines, want the request for changes only", n)
	}

	if res := patchActivity(t, app, pending.Id, staff, map[string]any{"status": "rejected", "moderation_reason": "Fuori tema"}); res.Status != http.StatusOK {
		t.Fatalf("reject with a reason: %d %s", res.Status, res.Body)
	}
	if res := patchActivity(t, app, pending.Id, staff, map[string]any{"status": "approved"}); res.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}
	entries := auditFor(t, app, pending.Id)
	if len(entries) != 3 || entries[1].GetString("reason") != "Fuori tema" || entries[2].GetString("reason") != "" {
		t.Errorf("audited reasons: %v", reasons(entries))
	}
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("moderation_reason"); got != "" {
		t.Errorf("the approved activity still shows the old reason %q", got)
	}
}

func reasons(entries []*core.Record) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.GetString("action")+":"+e.GetString("reason"))
	}
	return out
}
