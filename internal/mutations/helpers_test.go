package mutations_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
)

// m is one mutation as a phone sends it.
type m struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Args map[string]any `json:"args"`
}

// recordID makes an id as the phone does (PocketBase's format).
func recordID() string { return core.GenerateDefaultRandomId() }

type response struct {
	Results []mutations.Outcome `json:"results"`
	Cursor  int64               `json:"cursor"`
}

// push sends a batch and decodes the answer (failing on a non-200).
func push(t *testing.T, app *tests.TestApp, token string, batch ...m) response {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body: map[string]any{"mutations": batch}, Header: map[string]string{"Accept-Language": "it"}})
	if res.Status != http.StatusOK {
		t.Fatalf("push: %d %s", res.Status, res.Body)
	}
	var r response
	res.JSON(t, &r)
	if len(r.Results) != len(batch) {
		t.Fatalf("push: %d results for %d mutations: %s", len(r.Results), len(batch), res.Body)
	}
	return r
}

// one sends one mutation and returns its outcome.
func one(t *testing.T, app *tests.TestApp, token, name string, args map[string]any) mutations.Outcome {
	t.Helper()
	return push(t, app, token, m{hubtest.MutationID(), name, args}).Results[0]
}

// openActivity is an approved activity taking registrations, with capacity
// seats (0: no limit).
func openActivity(t *testing.T, app core.App, capacity int) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"it": "Spazio gioco"}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(60, "10:00"), "ends_at": hubtest.InDays(60, "11:00"), "capacity": capacity, "registration_required": true})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}
