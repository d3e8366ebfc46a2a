package reports_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/hubtest"
)

// TestAHiddenActivitysChangesReachOnlyItsOwnersAndStaff: while reports
// keep an activity hidden, the change-log rows of its later edits name
// only its owners and staff, so the poke wakes no other phone (the feed
// would also refuse to load it for them: this checks the audiences
// themselves, which mirror the rule).
func TestAHiddenActivitysChangesReachOnlyItsOwnersAndStaff(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	activity, err := app.FindFirstRecordByFilter("activities", "organization = {:o} && status = 'approved'", map[string]any{"o": solco.Id})
	if err != nil {
		t.Fatal(err)
	}
	activity.Set("hidden", true) // as three reports do (reports.File)
	if err := app.Save(activity); err != nil {
		t.Fatal(err)
	}
	var since int64
	if err := app.DB().NewQuery("SELECT coalesce(max(seq), 0) FROM hub_changes").Row(&since); err != nil {
		t.Fatal(err)
	}
	activity.Set("location_note", map[string]string{"it": "Ingresso dal cortile"})
	if err := app.Save(activity); err != nil {
		t.Fatal(err)
	}
	var audiences []string
	err = app.DB().NewQuery("SELECT audience FROM hub_changes WHERE collection = 'activities' AND record_id = {:id} AND seq > {:since}").
		Bind(map[string]any{"id": activity.Id, "since": since}).Column(&audiences)
	if err != nil || len(audiences) == 0 {
		t.Fatalf("the edit's rows: %v %v", audiences, err)
	}
	readers := map[string]*core.Record{"a guest": nil}
	for name, email := range map[string]string{"a family": hubtest.FamilyEmail, "a mediator": hubtest.MediatorEmail,
		"a member of Sol.Co.": hubtest.VerifiedEmail, "staff": hubtest.StaffEmail} {
		readers[name], _ = app.FindAuthRecordByEmail("users", email)
	}
	for name, auth := range readers {
		reader, err := changelog.ReaderOf(app, auth)
		if err != nil {
			t.Fatal(err)
		}
		reads := reader.All
		for _, a := range audiences {
			reads = reads || slices.Contains(reader.Audiences, a)
		}
		if want := name == "a member of Sol.Co." || name == "staff"; reads != want {
			t.Errorf("%s is among the hidden activity's audiences %v: %v, want %v", name, audiences, reads, want)
		}
	}
}
