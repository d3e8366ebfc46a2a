package registration_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// smallActivity is an approved activity with 4 seats.
func smallActivity(t *testing.T, app *tests.TestApp) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"it": "Spazio gioco"}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(60, "10:00"), "ends_at": hubtest.InDays(60, "11:00"), "capacity": 4, "registration_required": true})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

type family struct {
	user  *core.Record
	token string
}

func newFamily(t *testing.T, app *tests.TestApp, n int) family {
	user := hubtest.NewUser(t, app, fmt.Sprintf("famiglia%d@hug.test", n), "family")
	return family{user, hubtest.Token(t, app, "users", user.Email())}
}

func register(t *testing.T, app *tests.TestApp, f family, activity *core.Record, adults, children int) (string, string) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: f.token,
		Body: map[string]any{"activity": activity.Id, "user": f.user.Id, "adults": adults, "children": children, "status": "going"}})
	if res.Status != http.StatusOK {
		t.Fatalf("register: %d %s", res.Status, res.Body)
	}
	var r struct{ ID, Status string }
	res.JSON(t, &r)
	return r.ID, r.Status
}

func status(t *testing.T, app *tests.TestApp, id string) string {
	r, err := app.FindRecordById("registrations", id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetString("status")
}

// Seats are counted in people; a full activity puts families on the waiting
// list, and a cancellation moves it up, skipping a family too large for the
// seats that are free.
func TestSeatsWaitingListAndCancellation(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := smallActivity(t, app)
	a, b, c, d := newFamily(t, app, 1), newFamily(t, app, 2), newFamily(t, app, 3), newFamily(t, app, 4)

	regA, stA := register(t, app, a, activity, 1, 2) // 3 of 4 seats
	regB, stB := register(t, app, b, activity, 2, 1) // 3 more: no room
	regC, stC := register(t, app, c, activity, 1, 0) // the last seat
	regD, stD := register(t, app, d, activity, 1, 0) // full
	if stA != "going" || stB != "waitlisted" || stC != "going" || stD != "waitlisted" {
		t.Fatalf("statuses %s %s %s %s", stA, stB, stC, stD)
	}

	// C cancels: one seat frees; B (3 people) doesn't fit, D (1) does: it
	// is offered the seat, and confirms.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + regC,
		Token: c.token, Body: map[string]any{"status": "cancelled"}})
	if res.Status != http.StatusOK {
		t.Fatalf("cancel: %d %s", res.Status, res.Body)
	}
	if got := status(t, app, regD); got != "offered" {
		t.Errorf("D after C cancelled: %s, want offered", got)
	}
	confirmByAPI(t, app, d, regD)
	if got := status(t, app, regB); got != "waitlisted" {
		t.Errorf("B after C cancelled: %s, want waitlisted", got)
	}

	// A withdraws entirely (deletes): 3 seats free, B goes.
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: "/api/collections/registrations/records/" + regA, Token: a.token})
	if res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if got := status(t, app, regB); got != "offered" {
		t.Errorf("B after A withdrew: %s, want offered", got)
	}
	confirmByAPI(t, app, b, regB)

	// Everyone, guests included, sees the seats taken, not who took them.
	var public struct {
		SeatsTaken int `json:"seats_taken"`
		Capacity   int
	}
	hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + activity.Id}).JSON(t, &public)
	if public.SeatsTaken != 4 || public.Capacity != 4 { // B (3) + D (1)
		t.Errorf("public seats: %d of %d, want 4 of 4", public.SeatsTaken, public.Capacity)
	}

	// C asks again: the activity is full now, so the waiting list.
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + regC,
		Token: c.token, Body: map[string]any{"status": "going"}})
	if res.Status != http.StatusOK || status(t, app, regC) != "waitlisted" {
		t.Errorf("C asking again: %d %s, status %s", res.Status, res.Body, status(t, app, regC))
	}
}

// A family cannot give itself a seat by sending status "going" to a full
// activity, nor register twice.
func TestFamilyCannotJumpTheQueueOrRegisterTwice(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := smallActivity(t, app)
	a, b := newFamily(t, app, 1), newFamily(t, app, 2)
	register(t, app, a, activity, 2, 2)
	id, st := register(t, app, b, activity, 1, 0)
	if st != "waitlisted" {
		t.Fatalf("b: %s", st)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + id,
		Token: b.token, Body: map[string]any{"status": "going"}})
	if res.Status != http.StatusOK || status(t, app, id) != "waitlisted" {
		t.Errorf("jumping the queue: %d, status %s", res.Status, status(t, app, id))
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: b.token,
		Body: map[string]any{"activity": activity.Id, "user": b.user.Id, "adults": 1}})
	if res.Status != http.StatusBadRequest {
		t.Errorf("second registration: %d %s", res.Status, res.Body)
	}
}

func TestNoRegistrationOnceTheActivityHasStarted(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := smallActivity(t, app)
	activity.Set("starts_at", "2024-01-08 10:00:00.000Z")
	activity.Set("ends_at", "2024-01-08 11:00:00.000Z")
	if err := app.Save(activity); err != nil {
		t.Fatal(err)
	}
	f := newFamily(t, app, 1)
	before, _ := app.CountRecords("registrations")
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: f.token,
		Body: map[string]any{"activity": activity.Id, "user": f.user.Id, "adults": 1}})
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	res.JSON(t, &body)
	if res.Status != http.StatusBadRequest || body.Data["activity"].Code != "registration_closed" {
		t.Errorf("got %d %s", res.Status, res.Body)
	}
	if after, _ := app.CountRecords("registrations"); after != before {
		t.Errorf("%d registrations written", after-before)
	}
}

// The seat counter belongs to the server: not even staff can write it.
func TestSeatsTakenCannotBeSetByClients(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := smallActivity(t, app)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + activity.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"seats_taken": 3}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	after, _ := app.FindRecordById("activities", activity.Id)
	if after.GetInt("seats_taken") != 0 {
		t.Errorf("seats_taken = %d after a client wrote 3", after.GetInt("seats_taken"))
	}
}
