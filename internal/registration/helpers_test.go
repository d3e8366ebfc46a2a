package registration_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// activityWith is an approved activity taking registrations in 60 days,
// with the fields given on top.
func activityWith(t *testing.T, app *tests.TestApp, fields map[string]any) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"it": "Spazio gioco"}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(60, "10:00"), "ends_at": hubtest.InDays(60, "11:00"), "capacity": 4, "registration_required": true})
	a.Load(fields)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// families makes n families, numbered from first.
func families(t *testing.T, app *tests.TestApp, first, n int) []family {
	var fs []family
	for i := first; i < first+n; i++ {
		fs = append(fs, newFamily(t, app, i))
	}
	return fs
}

// tryRegister is a registration through the records API, whatever the answer.
func tryRegister(t *testing.T, app *tests.TestApp, f family, activityID string, adults, children int) hubtest.Response {
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: f.token,
		Body: map[string]any{"activity": activityID, "user": f.user.Id, "adults": adults, "children": children, "status": "going"}})
}

func patch(t *testing.T, app *tests.TestApp, token, id string, body map[string]any) hubtest.Response {
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + id, Token: token, Body: body})
}

func confirmByAPI(t *testing.T, app *tests.TestApp, f family, id string) {
	t.Helper()
	if res := patch(t, app, f.token, id, map[string]any{"status": "going"}); res.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", res.Status, res.Body)
	}
	if got := status(t, app, id); got != "going" {
		t.Fatalf("after confirming: %s", got)
	}
}

func reg(t *testing.T, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById("registrations", id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func seatsTaken(t *testing.T, app core.App, activityID string) int {
	t.Helper()
	a, err := app.FindRecordById("activities", activityID)
	if err != nil {
		t.Fatal(err)
	}
	return a.GetInt("seats_taken")
}

// heldInRows is the seats the registrations hold, counted from the rows
// here, not by the package: the counter must agree with it.
func heldInRows(t *testing.T, app core.App, activityID string) int {
	t.Helper()
	rows, err := app.FindRecordsByFilter("registrations", "activity = {:a}", "", 0, 0, map[string]any{"a": activityID})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		p := r.GetInt("adults") + r.GetInt("children")
		switch r.GetString("status") {
		case "going":
			n += p - r.GetInt("waiting")
		case "offered":
			n += p
		}
	}
	return n
}

func checkCounter(t *testing.T, app core.App, activityID string) {
	t.Helper()
	if got, want := seatsTaken(t, app, activityID), heldInRows(t, app, activityID); got != want {
		t.Errorf("seats_taken %d, the rows hold %d", got, want)
	}
}

// mutation is one mutation as a phone sends it.
type mutation struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Args map[string]any `json:"args"`
}

type outcome struct {
	ID      string
	Status  string
	Decided map[string]any
	Error   *struct{ Code, Message string }
	Record  map[string]any
}

// mutate sends one mutation to POST /api/hub/mutations and returns its
// outcome.
func mutate(t *testing.T, app *tests.TestApp, token, name string, args map[string]any) outcome {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body: map[string]any{"mutations": []mutation{{hubtest.MutationID(), name, args}}}, Header: map[string]string{"Accept-Language": "it"}})
	if res.Status != http.StatusOK {
		t.Errorf("mutations: %d %s", res.Status, res.Body)
		return outcome{}
	}
	var body struct{ Results []outcome }
	res.JSON(t, &body)
	return body.Results[0]
}

// errorCode is the code of a records API refusal on field.
func errorCode(t *testing.T, res hubtest.Response, field string) string {
	t.Helper()
	var body struct {
		Data map[string]struct{ Code string }
	}
	res.JSON(t, &body)
	return body.Data[field].Code
}

func count(t *testing.T, app core.App, filter string, params map[string]any) int {
	t.Helper()
	rows, err := app.FindRecordsByFilter("registrations", filter, "", 0, 0, params)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}
