package hubtest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/mutations"
)

// MutationID is a mutation's id as a phone makes it (a random UUID v4).
func MutationID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Mutate sends one mutation to POST /api/hub/mutations as a phone in
// language lang does, and returns its outcome. The test fails unless the
// hub answers 200 with exactly one outcome.
func Mutate(t testing.TB, app *tests.TestApp, token, lang, name string, args any) mutations.Outcome {
	t.Helper()
	res := Do(t, app, Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body:   map[string]any{"mutations": []map[string]any{{"id": MutationID(), "name": name, "args": args}}},
		Header: map[string]string{"Accept-Language": lang}})
	var r struct{ Results []mutations.Outcome }
	if res.Status == http.StatusOK {
		res.JSON(t, &r)
	}
	if res.Status != http.StatusOK || len(r.Results) != 1 {
		t.Fatalf("mutation %s: %d %s", name, res.Status, res.Body)
	}
	return r.Results[0]
}

// Count is how many records of collection match filter (all with "").
func Count(t testing.TB, app core.App, collection, filter string, params map[string]any) int {
	t.Helper()
	if filter == "" {
		n, err := app.CountRecords(collection)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	records, err := app.FindRecordsByFilter(collection, filter, "", 0, 0, params)
	if err != nil {
		t.Fatal(err)
	}
	return len(records)
}

// Merge is a copy of a with b's keys over it (a mutation's args with a
// few changed).
func Merge(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// Save adds a record of collection with data (a "password" is set as the
// account's password) and returns it.
func Save(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(data)
	if pw, ok := data["password"].(string); ok {
		r.SetPassword(pw)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", collection, err)
	}
	return r
}
