package moderation_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/moderation"
)

const originalTitle = "Proposta in attesa"

var statuses = []string{"draft", "pending", "changes_requested", "rejected", "approved", "cancelled"}

// setState puts the fixture proposal in a status, with its original title,
// as staff would have left it.
func setState(t *testing.T, app *tests.TestApp, status string) *core.Record {
	t.Helper()
	a := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	a.Set("status", status)
	a.Set("title", map[string]string{"it": originalTitle})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

func titleOf(t *testing.T, app core.App) string {
	return mustIt(t, hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("title"))
}

// What the owner of an activity may do, for every state it can be in: edit
// the text (on a published activity the edit waits as a revision, the
// published text staying as it is), make the status
// changes of the workflow, never publish, never touch a cancelled one. The
// table is the rule ApplyOwnerEdit implements, written out.
func TestOwnerEditsFollowTheActivityState(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	owner := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	moves := map[string]string{ // from -> the statuses the owner may move to
		"draft": "pending", "pending": "draft", "changes_requested": "pending draft",
		"rejected": "pending draft", "approved": "cancelled", "cancelled": "",
	}
	// The status an edit of the text alone leaves; "" = refused.
	afterEdit := map[string]string{"draft": "draft", "pending": "pending", "changes_requested": "changes_requested",
		"rejected": "rejected", "approved": "approved", "cancelled": ""}

	for _, from := range statuses {
		t.Run(from+"/edit", func(t *testing.T) {
			a := setState(t, app, from)
			res := patchActivity(t, app, a.Id, owner, map[string]any{"title": map[string]string{"it": "Nuovo titolo"}})
			title := "Nuovo titolo"
			if from == "approved" {
				title = originalTitle // the edit waits as a revision
				if rev, _ := moderation.Revision(app, a.Id); rev == nil || !strings.Contains(rev.GetString("fields"), "Nuovo titolo") {
					t.Errorf("no revision holds the edit: %v", rev)
				}
			}
			checkOutcome(t, app, res, afterEdit[from], from, title)
		})
		for _, to := range statuses {
			if to == from {
				continue
			}
			allowed := strings.Contains(" "+moves[from]+" ", " "+to+" ")
			t.Run(from+"/to_"+to, func(t *testing.T) {
				a := setState(t, app, from)
				res := patchActivity(t, app, a.Id, owner, map[string]any{"status": to})
				want := ""
				if allowed {
					want = to
				}
				checkOutcome(t, app, res, want, from, originalTitle)
			})
			t.Run(from+"/to_"+to+"_with_edit", func(t *testing.T) {
				a := setState(t, app, from)
				res := patchActivity(t, app, a.Id, owner, map[string]any{"status": to, "title": map[string]string{"it": "Nuovo titolo"}})
				want := "" // cancelling never carries new text
				if allowed && to != "cancelled" {
					want = to
				}
				checkOutcome(t, app, res, want, from, "Nuovo titolo")
			})
		}
	}
}

// checkOutcome: want is the status the activity must have after the
// request, or "" when the request must be refused and change nothing.
func checkOutcome(t *testing.T, app *tests.TestApp, res hubtest.Response, want, from, newTitle string) {
	t.Helper()
	after := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if want == "" {
		if res.Status < 400 {
			t.Errorf("accepted (%d), want refused", res.Status)
		}
		if after.GetString("status") != from || titleOf(t, app) != originalTitle {
			t.Errorf("a refused request changed the activity: %s %q", after.GetString("status"), titleOf(t, app))
		}
		return
	}
	if res.Status != http.StatusOK {
		t.Fatalf("refused: %d %s", res.Status, res.Body)
	}
	if after.GetString("status") != want || titleOf(t, app) != newTitle {
		t.Errorf("status %s title %q, want %s %q", after.GetString("status"), titleOf(t, app), want, newTitle)
	}
}

// An owner may cancel a published activity, which stays on the public
// calendar marked cancelled, but cannot slip new text in with the
// cancellation or afterwards; staff still can.
func TestCancelledActivityTextIsFrozenForItsOwner(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	owner := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	a := setState(t, app, "approved")
	scam := map[string]string{"it": "Annullato: chiamate lo 899 123456"}

	res := patchActivity(t, app, a.Id, owner, map[string]any{"status": "cancelled", "title": scam})
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "activity_cancelled_frozen") {
		t.Errorf("cancel with new text: %d %s", res.Status, res.Body)
	}
	if res := patchActivity(t, app, a.Id, owner, map[string]any{"status": "cancelled"}); res.Status != http.StatusOK {
		t.Fatalf("cancel: %d %s", res.Status, res.Body)
	}
	for _, body := range []map[string]any{{"title": scam}, {"summary": scam}, {"location_note": scam},
		{"starts_at": inDays(30, "10:00"), "ends_at": inDays(30, "11:00")}, {"status": "pending"}, {"status": "approved"}} {
		if res := patchActivity(t, app, a.Id, owner, body); res.Status < 400 {
			t.Errorf("owner changed a cancelled activity with %v: %d", body, res.Status)
		}
	}
	guest := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + a.Id})
	if guest.Status != http.StatusOK || strings.Contains(string(guest.Body), "899") || !strings.Contains(string(guest.Body), originalTitle) {
		t.Errorf("the public calendar shows: %d %s", guest.Status, guest.Body)
	}

	// A member of the organizing body is an owner too.
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	event, err := app.FindFirstRecordByFilter("activities", "organization = {:o}", map[string]any{"o": solco.Id})
	if err != nil {
		t.Fatal(err)
	}
	member := hubtest.Token(t, app, "users", hubtest.VerifiedEmail)
	if res := patchActivity(t, app, event.Id, member, map[string]any{"status": "cancelled", "summary": scam}); res.Status < 400 {
		t.Errorf("a member cancelled with new text: %d", res.Status)
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	if res := patchActivity(t, app, a.Id, staff, map[string]any{"summary": map[string]string{"it": "Annullato per maltempo"}}); res.Status != http.StatusOK {
		t.Errorf("staff correcting a cancelled activity: %d %s", res.Status, res.Body)
	}
}

func mustIt(t *testing.T, raw string) string {
	t.Helper()
	var text map[string]string
	if err := json.Unmarshal([]byte(raw), &text); err != nil {
		t.Fatal(err)
	}
	return text["it"]
}
