package moderation_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

func codeOf(err error) string {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) {
		return ""
	}
	raw, _ := json.Marshal(apiErr.Data)
	var data map[string]struct{ Code string }
	_ = json.Unmarshal(raw, &data)
	for _, item := range data {
		return item.Code
	}
	return ""
}

// Two staff members decide the same proposal at once, having seen the same
// version: exactly one decision lands (status, reason, one audit line); the
// others are refused with who decided and when (Rome time, in the message
// in the sender's language: Italian, Arabic), nothing overwritten.
func TestTwoStaffDecidingTheSameProposal(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	seen := pending.GetString("updated")
	staff := []*core.Record{}
	first, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	staff = append(staff, first)
	for _, email := range []string{"giulia@hug.test", "marco@hug.test", "sara@hug.test", "luca@hug.test", "anna@hug.test", "paolo@hug.test", "rita@hug.test"} {
		staff = append(staff, hubtest.NewUser(t, app, email, "staff"))
	}

	errs := make([]error, len(staff))
	var wg sync.WaitGroup
	for i, s := range staff {
		wg.Add(1)
		go func(i int, s *core.Record) {
			defer wg.Done()
			v := moderation.Verdict{Activity: pending.Id, Action: "approve", Seen: seen}
			if i%2 == 1 {
				v = moderation.Verdict{Activity: pending.Id, Action: "reject", Seen: seen, ReasonText: "No, da " + s.Email()}
			}
			_, errs[i] = moderation.Decide(app, s, v)
		}(i, s)
	}
	wg.Wait()

	winner := -1
	for i, err := range errs {
		if err == nil {
			if winner >= 0 {
				t.Fatalf("two decisions landed: staff %d and %d", winner, i)
			}
			winner = i
		}
	}
	if winner < 0 {
		t.Fatalf("no decision landed: %v", errs)
	}
	name := staff[winner].GetString("name")
	if name == "" {
		name = staff[winner].Email()
	}
	for i, err := range errs {
		if i == winner {
			continue
		}
		var apiErr *router.ApiError
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict || codeOf(err) != "moderation_already_decided" {
			t.Fatalf("staff %d: %v, want moderation_already_decided", i, err)
		}
		raw, _ := json.Marshal(apiErr.Data)
		if !strings.Contains(string(raw), name) {
			t.Errorf("the refusal does not say who decided (%s): %s", name, raw)
		}
	}
	lines := auditFor(t, app, pending.Id)
	if len(lines) != 1 || lines[0].GetString("actor_id") != staff[winner].Id {
		t.Fatalf("%d audit lines, want the winner's only", len(lines))
	}
	// When: the decision's time in Rome, dd/mm/yyyy hh:mm, in the refusal's
	// data and in its message, in the sender's language.
	when := lines[0].GetDateTime("created").Time().In(vocab.TimeZone).Format("02/01/2006 15:04")
	for i, err := range errs {
		var apiErr *router.ApiError
		if i != winner && errors.As(err, &apiErr) {
			if raw, _ := json.Marshal(apiErr.Data); !strings.Contains(string(raw), when) {
				t.Errorf("the refusal does not say when it was decided (%s): %s", when, raw)
			}
		}
	}
	loser := staff[(winner+1)%len(staff)]
	for lang, decided := range map[string]string{"it": name + " ha già deciso il " + when + ":", "ar": "سبق أن قرّر " + name + " في " + when + ":"} {
		out := hubtest.Mutate(t, app, hubtest.Token(t, app, "users", loser.Email()), lang, "decide_activity",
			map[string]any{"activity": pending.Id, "action": "approve", "seen": seen})
		if out.Error == nil || out.Error.Code != "moderation_already_decided" || !strings.Contains(out.Error.Message, decided) {
			t.Errorf("%s: the refusal %+v does not say %q", lang, out.Error, decided)
		}
	}
	after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	want := map[bool]string{true: "rejected", false: "approved"}[winner%2 == 1]
	if after.GetString("status") != want {
		t.Errorf("status %s, want the winner's %s", after.GetString("status"), want)
	}
}

// A decision on what the staff member did not see (the proposer edited it
// since) is refused; so is one without a reason where the policy wants one,
// with an unknown template, corrections of a field that is not a text, or
// by someone who is not staff: nothing written.
func TestABadDecisionIsRefusedAndWritesNothing(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	seen := pending.GetString("updated")
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	mediator, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)

	cases := []struct {
		name  string
		actor *core.Record
		v     moderation.Verdict
		code  string
	}{
		{"reject without a reason", staff, moderation.Verdict{Action: "reject", Seen: seen}, "moderation_reason_required"},
		{"ask for changes without a reason", staff, moderation.Verdict{Action: "request_changes", Seen: seen, ReasonText: "   "}, "moderation_reason_required"},
		{"an unknown template", staff, moderation.Verdict{Action: "reject", Seen: seen, ReasonTemplate: "because"}, "moderation_template_unknown"},
		{"correcting the status", staff, moderation.Verdict{Action: "approve", Seen: seen, Edits: map[string]any{"capacity": 1}}, "moderation_edit_not_allowed"},
		{"an unknown action", staff, moderation.Verdict{Action: "publish", Seen: seen}, "moderation_action_unknown"},
		{"a version not seen", staff, moderation.Verdict{Action: "approve", Seen: "2020-01-01 00:00:00.000Z"}, "moderation_changed_since_seen"},
		{"a family", family, moderation.Verdict{Action: "approve", Seen: seen}, "staff_only"},
		{"a mediator", mediator, moderation.Verdict{Action: "approve", Seen: seen}, "staff_only"},
	}
	for _, c := range cases {
		c.v.Activity = pending.Id
		if _, err := moderation.Decide(app, c.actor, c.v); codeOf(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if after.GetString("status") != "pending" || after.GetString("updated") != seen || len(auditFor(t, app, pending.Id)) != 0 {
		t.Fatalf("a refused decision wrote: %s %s", after.GetString("status"), after.GetString("updated"))
	}

	// A template alone is a reason; staff corrections land with an approval.
	if _, err := moderation.Decide(app, staff, moderation.Verdict{Activity: pending.Id, Action: "request_changes", Seen: seen, ReasonTemplate: "date_or_place"}); err != nil {
		t.Fatal(err)
	}
	after = hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if after.GetString("status") != "changes_requested" || after.GetString("moderation_template") != "date_or_place" {
		t.Fatalf("after asking for changes: %s %q", after.GetString("status"), after.GetString("moderation_template"))
	}
	if _, err := moderation.Decide(app, staff, moderation.Verdict{Activity: pending.Id, Action: "approve", Seen: after.GetString("updated")}); codeOf(err) != "moderation_already_decided" {
		t.Fatalf("approving what waits for its proposer: %v", err)
	}
}

// Staff correct the text before approving: the activity is published with
// the correction, and the audit line says which fields staff edited.
func TestStaffCorrectTheTextBeforeApproving(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	_, err := moderation.Decide(app, staff, moderation.Verdict{Activity: pending.Id, Action: "approve", Seen: pending.GetString("updated"),
		Edits: map[string]any{"title": map[string]string{"it": "Proposta corretta"}}})
	if err != nil {
		t.Fatal(err)
	}
	after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if after.GetString("status") != "approved" || !strings.Contains(after.GetString("title"), "Proposta corretta") {
		t.Fatalf("after approving: %s %s", after.GetString("status"), after.GetString("title"))
	}
	lines := auditFor(t, app, pending.Id)
	if len(lines) != 1 || !strings.Contains(lines[0].GetString("detail"), "edited title") {
		t.Fatalf("audit: %v", lines)
	}
}

// Every reason template has its text in every language of the hub, each
// its own (not the Italian copied), and the PWA learns the list from
// GET /api/hub/config.
func TestEveryReasonTemplateSpeaksEveryLanguage(t *testing.T) {
	italian := map[string]string{}
	for _, lang := range vocab.LanguageCodes() {
		raw, err := os.ReadFile(filepath.Join(hubtest.Root(), "locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		messages := map[string]any{}
		if err := json.Unmarshal(raw, &messages); err != nil {
			t.Fatal(err)
		}
		for _, id := range vocab.ReasonTemplates {
			text, _ := messages[vocab.ReasonTemplateMessage(id)].(string)
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s: no text for the template %s", lang, id)
			}
			if lang == "it" {
				italian[id] = text
			} else if text == italian[id] {
				t.Errorf("%s: the template %s is the Italian text", lang, id)
			}
		}
	}
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/config"})
	var config struct {
		ReasonTemplates []string `json:"reason_templates"`
	}
	res.JSON(t, &config)
	if strings.Join(config.ReasonTemplates, ",") != strings.Join(vocab.ReasonTemplates, ",") {
		t.Fatalf("config's templates: %v", config.ReasonTemplates)
	}
}

// Only staff give a reason template: the proposer can neither create a
// proposal carrying one nor set one on their own proposal (the records
// API's rules, pb_migrations/1765100000_moderation_templates.js), told why.
func TestOnlyStaffSetTheReasonTemplate(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	owner := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	res := patchActivity(t, app, pending.Id, owner, map[string]any{"moderation_template": "duplicate"})
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "staff_only_field") {
		t.Fatalf("the owner sets a template: %d %s", res.Status, res.Body)
	}
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records", Token: owner,
		Body: map[string]any{"title": map[string]string{"it": "Con motivo"}, "kind": "meeting", "status": "pending", "proposer": other.Id,
			"starts_at": hubtest.InDays(40, "10:00"), "ends_at": hubtest.InDays(40, "11:00"), "moderation_template": "duplicate"}})
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "staff_only_field") {
		t.Fatalf("a proposal carrying a template: %d %s", res.Status, res.Body)
	}
	if after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug); after.GetString("moderation_template") != "" {
		t.Fatal("the owner's template was saved")
	}
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	res = patchActivity(t, app, pending.Id, staff, map[string]any{"status": "rejected", "moderation_template": "duplicate"})
	if res.Status != http.StatusOK {
		t.Fatalf("staff reject with a template alone through the records API: %d %s", res.Status, res.Body)
	}
}
