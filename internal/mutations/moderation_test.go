package mutations_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
)

// The moderation queue's mutations per role: a family, an association
// member, a mediator are refused (staff_only) and nothing changes; staff
// ask for changes with a template, then, after the proposer resubmits,
// approve; a revision is approved by staff and its text goes public.
func TestDecisionsThroughMutationsPerRole(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	seen := pending.GetString("updated")
	for _, email := range []string{hubtest.FamilyEmail, hubtest.NewAssocEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail} {
		token := hubtest.Token(t, app, "users", email)
		expectRejected(t, email+" decides", one(t, app, token, "decide_activity",
			map[string]any{"activity": pending.Id, "action": "approve", "seen": seen}), "staff_only")
		rev, _ := app.FindFirstRecordByData("activity_revisions", "status", "pending")
		expectRejected(t, email+" decides a revision", one(t, app, token, "decide_revision",
			map[string]any{"revision": rev.Id, "action": "approve", "seen": rev.GetString("updated")}), "staff_only")
	}
	if after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug); after.GetString("updated") != seen {
		t.Fatal("a refused decision changed the proposal")
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	expectRejected(t, "asking for changes without a reason", one(t, app, staff, "decide_activity",
		map[string]any{"activity": pending.Id, "action": "request_changes", "seen": seen}), "moderation_reason_required")
	expectApplied(t, "asking for changes", one(t, app, staff, "decide_activity",
		map[string]any{"activity": pending.Id, "action": "request_changes", "seen": seen, "reason_template": "details_missing", "reason_text": "Quale parco?"}))
	after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if after.GetString("status") != "changes_requested" || after.GetString("moderation_template") != "details_missing" || after.GetString("moderation_reason") != "Quale parco?" {
		t.Fatalf("after asking for changes: %s %q %q", after.GetString("status"), after.GetString("moderation_template"), after.GetString("moderation_reason"))
	}

	rev, _ := app.FindFirstRecordByData("activity_revisions", "status", "pending")
	expectApplied(t, "approving a revision", one(t, app, staff, "decide_revision",
		map[string]any{"revision": rev.Id, "action": "approve", "seen": rev.GetString("updated")}))
	published, _ := app.FindRecordById("activities", rev.GetString("activity"))
	if !strings.Contains(published.GetString("summary"), "Sintesi rivista") {
		t.Fatalf("the approved revision is not public: %s", published.GetString("summary"))
	}
	out := one(t, app, staff, "decide_revision", map[string]any{"revision": rev.Id, "action": "reject", "seen": rev.GetString("updated"), "reason_text": "No"})
	expectRejected(t, "deciding an approved revision again", out, "moderation_already_decided")
}

// Two staff members' phones send a decision on the same proposal at once:
// one lands, the other is refused with the first one's name, in the
// sender's language, and the proposal keeps the first decision.
func TestTwoStaffDecideTheSameProposalThroughMutations(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	seen := pending.GetString("updated")
	hubtest.NewUser(t, app, "giulia@hug.test", "staff")
	tokens := []string{hubtest.Token(t, app, "users", hubtest.StaffEmail), hubtest.Token(t, app, "users", "giulia@hug.test")}
	args := []map[string]any{
		{"activity": pending.Id, "action": "approve", "seen": seen},
		{"activity": pending.Id, "action": "reject", "seen": seen, "reason_template": "commercial"},
	}
	outs := make([]mutations.Outcome, 2)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			outs[i] = one(t, app, tokens[i], "decide_activity", args[i])
		}(i)
	}
	wg.Wait()
	winner := 0
	if outs[1].Status == "applied" {
		winner = 1
	}
	loser := 1 - winner
	expectApplied(t, "the first decision", outs[winner])
	expectRejected(t, "the second decision", outs[loser], "moderation_already_decided")
	names := []string{"", "giulia@hug.test"}
	if staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail); staff != nil {
		names[0] = staff.GetString("name")
		if names[0] == "" {
			names[0] = staff.Email()
		}
	}
	if msg := outs[loser].Error.Message; !strings.Contains(msg, names[winner]) || !strings.Contains(msg, "ha già deciso") {
		t.Errorf("the refusal does not say, in Italian, who decided: %q", msg)
	}
	want := map[int]string{0: "approved", 1: "rejected"}[winner]
	if got := statusOf(t, app, pending.Id); got != want {
		t.Errorf("status %s, want the first decision's %s", got, want)
	}
	lines, _ := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "", 0, 0, map[string]any{"id": pending.Id})
	if len(lines) != 1 {
		t.Errorf("%d audit lines, want 1", len(lines))
	}
}

// A cycle (several dates proposed together) is one proposal in the queue:
// the decision taken on its first date is taken on every date still
// waiting, each with its audit line.
func TestACycleIsDecidedAsOneProposal(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	dates := []string{recordID(), recordID(), recordID()}
	args := proposal(dates...)
	args["submit"] = true
	expectApplied(t, "proposing a cycle", one(t, app, family, "propose_activity", args))
	first, _ := app.FindRecordById("activities", dates[0])
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	expectApplied(t, "asking for changes", one(t, app, staff, "decide_activity",
		map[string]any{"activity": dates[0], "action": "request_changes", "seen": first.GetString("updated"), "reason_template": "date_or_place"}))
	for _, id := range dates {
		a, _ := app.FindRecordById("activities", id)
		if a.GetString("status") != "changes_requested" || a.GetString("moderation_template") != "date_or_place" {
			t.Errorf("date %s: %s %q", id, a.GetString("status"), a.GetString("moderation_template"))
		}
		lines, _ := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "", 0, 0, map[string]any{"id": id})
		if len(lines) != 1 {
			t.Errorf("date %s: %d audit lines", id, len(lines))
		}
	}
}

// Staff who ask for changes to a revision (a change to a published
// activity) leave it "changes_requested" with their reason, which its owner
// reads, not "rejected"; the owner's next edit makes it pending again, the
// old reason gone.
func TestAskingForChangesToARevisionSaysSo(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	owner := hubtest.Token(t, app, "users", hubtest.VerifiedEmail)
	rev, _ := app.FindFirstRecordByData("activity_revisions", "status", "pending")
	args := map[string]any{"revision": rev.Id, "action": "request_changes", "seen": rev.GetString("updated")}
	expectRejected(t, "asking for changes without a reason", one(t, app, staff, "decide_revision", args), "moderation_reason_required")
	args["reason_template"], args["reason_text"] = "details_missing", "Manca l'orario"
	expectApplied(t, "asking for changes to a revision", one(t, app, staff, "decide_revision", args))

	res := hubtest.Do(t, app, hubtest.Request{Method: "GET", URL: "/api/collections/activity_revisions/records/" + rev.Id, Token: owner})
	var read struct {
		Status, Reason string
		ReasonTemplate string `json:"reason_template"`
	}
	res.JSON(t, &read)
	if read.Status != "changes_requested" || read.ReasonTemplate != "details_missing" || read.Reason != "Manca l'orario" {
		t.Fatalf("the owner reads %d %s", res.Status, res.Body)
	}

	expectApplied(t, "the owner edits again", one(t, app, owner, "update_proposal",
		map[string]any{"activity": rev.GetString("activity"), "summary": "Dalle 10 alle 12"}))
	again, _ := app.FindRecordById("activity_revisions", rev.Id)
	if again.GetString("status") != "pending" || again.GetString("reason") != "" || again.GetString("reason_template") != "" {
		t.Errorf("edited again: %s %q %q", again.GetString("status"), again.GetString("reason"), again.GetString("reason_template"))
	}
}
