package translations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// outcome is a mutation's outcome as the phone reads it.
type outcome struct {
	Status string
	Error  *struct {
		Code, Message string
		Status        int
		Data          map[string]struct{ Code, Message string }
	}
}

// mutate sends one mutation as token, with the phone's language lang.
func mutate(t *testing.T, app *tests.TestApp, token, lang, name string, args map[string]any) outcome {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body:   map[string]any{"mutations": []map[string]any{{"id": hubtest.MutationID(), "name": name, "args": args}}},
		Header: map[string]string{"Accept-Language": lang}})
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", name, res.Status, res.Body)
	}
	var body struct{ Results []outcome }
	res.JSON(t, &body)
	return body.Results[0]
}

func translate(record *core.Record, field, lang, text, mode string) map[string]any {
	return map[string]any{"collection": record.Collection().Name, "record": record.Id, "field": field, "language": lang, "text": text, "mode": mode}
}

// provenanceOf reads the stored provenance of a text's translation.
func provenanceOf(t *testing.T, app core.App, collection, id, path string) *multitext.TextProvenance {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	tp := multitext.ReadProvenance(r)[path]
	if tp == nil {
		t.Fatalf("%s %s: no provenance for %s: %s", collection, id, path, r.GetString("provenance"))
	}
	return tp
}

// newActivity is an approved activity with only its Italian title.
func newActivity(t *testing.T, app core.App, title string) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"it": title}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(40, "10:00"), "ends_at": hubtest.InDays(40, "11:00")})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// secondMediator is another mediator translating into Arabic.
func secondMediator(t *testing.T, app *tests.TestApp) string {
	t.Helper()
	u := hubtest.NewUser(t, app, "seconda.mediatrice@hug.test", "mediator")
	u.Set("languages", []string{"ar"})
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	return hubtest.Token(t, app, "users", "seconda.mediatrice@hug.test")
}

func mustContain(t *testing.T, body []byte, want string, yes bool) {
	t.Helper()
	if strings.Contains(string(body), want) != yes {
		t.Errorf("contains %q: want %v", want, yes)
	}
}
