package notify_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

// TestASensitiveGroupIsNeutralOnTheLockScreenUnlessPreviews: staff mark a
// group sensitive (update_group) and post an announcement to it; a member
// without previews gets the neutral text in their language on the lock
// screen (the inbox keeps the words, marked sensitive), a member who
// opted into previews gets the announcement's own words. The same
// announcement to the group before it was sensitive showed its words to
// both.
func TestASensitiveGroupIsNeutralOnTheLockScreenUnlessPreviews(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := newGroup(t, app)
	plain := hubtest.NewUser(t, app, "plain@hug.test", "family")
	member(t, app, plain.Id, group.Id)
	curious := hubtest.NewUser(t, app, "previews@hug.test", "family")
	curious.Set("notify_prefs", `{"previews": true}`)
	if err := app.Save(curious); err != nil {
		t.Fatal(err)
	}
	member(t, app, curious.Id, group.Id)
	plainPhone := subscribe(t, app, plain.Id, "ar", "")
	curiousPhone := subscribe(t, app, curious.Id, "uk", "")
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)

	post := func() map[string]delivery {
		t.Helper()
		if _, err := app.DB().NewQuery("DELETE FROM push_deliveries").Execute(); err != nil {
			t.Fatal(err)
		}
		out := hubtest.Mutate(t, app, staff, "it", "post_announcement", map[string]any{"announcement": core.GenerateDefaultRandomId(), "group": group.Id,
			"title": map[string]string{"it": "Incontro dei papà"}, "body": map[string]string{"it": "Giovedì alle 18 al Consultorio"}})
		if out.Status != "applied" {
			t.Fatalf("post_announcement: %+v", out.Error)
		}
		got := queued(t, app, "announcement")
		only(t, got, map[string]string{plainPhone: "member without previews", curiousPhone: "member with previews"})
		return got
	}
	words := func(d delivery) bool {
		return !d.Payload.Neutral && d.Payload.Title == "Incontro dei papà" && d.Payload.Body == "Giovedì alle 18 al Consultorio"
	}

	before := post()
	if !words(before[plainPhone]) || !words(before[curiousPhone]) {
		t.Fatalf("before the group was sensitive: %+v / %+v", before[plainPhone].Payload, before[curiousPhone].Payload)
	}

	if out := hubtest.Mutate(t, app, staff, "it", "update_group", map[string]any{"group": group.Id, "sensitive": true}); out.Status != "applied" {
		t.Fatalf("update_group: %+v", out.Error)
	}
	after := post()
	if p := after[plainPhone].Payload; !p.Neutral || p.Title != msg("ar", "notify_neutral_title", nil) || p.Body != msg("ar", "notify_neutral_body", nil) {
		t.Errorf("without previews the lock screen shows %+v", p)
	}
	if d := after[curiousPhone]; !words(d) {
		t.Errorf("with previews the lock screen shows %+v", d.Payload)
	}
	sensitive := 0
	rows := inbox(t, app, plain.Id, "announcement")
	for _, r := range rows {
		if r.GetBool("sensitive") {
			sensitive++
		}
		if !strings.Contains(r.GetString("body"), "Giovedì alle 18 al Consultorio") {
			t.Errorf("the inbox lost the words: %s", r.GetString("body"))
		}
	}
	if len(rows) != 2 || sensitive != 1 {
		t.Errorf("inbox: %d rows, %d sensitive; want 2, the second one sensitive", len(rows), sensitive)
	}
}
