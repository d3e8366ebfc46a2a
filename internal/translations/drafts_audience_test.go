package translations_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/translations"
)

// TestADraftsChangeLogRowsNameOnlyItsAuthor: every change-log row of a
// draft (saved, then removed when published) is for its author alone (staff
// read every row), so the poke wakes only the author's phones and staff's,
// never a guest's, a family's or another mediator's. (The feed would not
// leak a draft with a wider audience, since it loads records under the list
// rule; the poke decides from the audiences alone.)
func TestADraftsChangeLogRowsNameOnlyItsAuthor(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := newActivity(t, app, "Merenda insieme")
	token := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	author, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	if out := mutate(t, app, token, "ar", "save_translation", translate(a, "title", "ar", "وجبة", "draft")); out.Status != "applied" {
		t.Fatalf("draft: %+v", out.Error)
	}
	draft, err := app.FindFirstRecordByData(translations.DraftsCollection, "target_id", a.Id)
	if err != nil {
		t.Fatal(err)
	}
	if out := mutate(t, app, token, "ar", "save_translation", translate(a, "title", "ar", "وجبة خفيفة", "publish")); out.Status != "applied" {
		t.Fatalf("publish: %+v", out.Error)
	}
	var audiences []string
	err = app.DB().NewQuery("SELECT audience FROM hub_changes WHERE collection = {:c} AND record_id = {:id}").
		Bind(map[string]any{"c": translations.DraftsCollection, "id": draft.Id}).Column(&audiences)
	if err != nil || len(audiences) < 2 {
		t.Fatalf("the draft's rows (saved, removed): %v %v", audiences, err)
	}
	secondMediator(t, app)
	readers := map[string]*core.Record{"a guest": nil, "the author": author}
	for name, email := range map[string]string{"a family": hubtest.FamilyEmail, "another mediator": "seconda.mediatrice@hug.test", "staff": hubtest.StaffEmail} {
		readers[name], _ = app.FindAuthRecordByEmail("users", email)
	}
	for name, auth := range readers {
		reader, err := changelog.ReaderOf(app, auth)
		if err != nil {
			t.Fatal(err)
		}
		reads := reader.All
		for _, audience := range audiences {
			reads = reads || slices.Contains(reader.Audiences, audience)
		}
		if want := name == "the author" || name == "staff"; reads != want {
			t.Errorf("%s is among the draft's audiences %v: %v, want %v", name, audiences, reads, want)
		}
	}
}
