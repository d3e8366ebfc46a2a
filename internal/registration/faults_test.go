package registration_test

import (
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// Capacity 0 means no limit: nobody waits, however many come.
func TestCapacityZeroIsUnlimited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 0})
	for i, f := range families(t, app, 1, 5) {
		if _, st := register(t, app, f, activity, 4, 4); st != "going" {
			t.Errorf("family %d: %s", i+1, st)
		}
	}
	if seatsTaken(t, app, activity.Id) != 40 {
		t.Errorf("seats taken %d", seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
}

// Raising the capacity offers the new seats to the waiting list, in order.
func TestRaisingTheCapacityOffersTheNewSeats(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 2})
	fs := families(t, app, 1, 4)
	register(t, app, fs[0], activity, 2, 0)
	w1, _ := register(t, app, fs[1], activity, 1, 0)
	w2, _ := register(t, app, fs[2], activity, 1, 0)
	w3, _ := register(t, app, fs[3], activity, 1, 0)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + activity.Id,
		Token: staff, Body: map[string]any{"capacity": 4}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	for i, want := range map[string]string{w1: "offered", w2: "offered", w3: "waitlisted"} {
		if got := status(t, app, i); got != want {
			t.Errorf("%s: %s, want %s", i, got, want)
		}
	}
	if seatsTaken(t, app, activity.Id) != 4 {
		t.Errorf("seats taken %d", seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
}

// Lowering the capacity below the seats taken keeps everyone who holds a
// seat going (nobody loses one); the activity then shows more taken than
// exist (staff see it), nothing is offered until seats are below the new
// capacity, and a later re-save of any registration demotes nobody.
func TestLoweringTheCapacityTakesNoSeatAway(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 6})
	fs := families(t, app, 1, 4)
	a, _ := register(t, app, fs[0], activity, 2, 1)
	b, _ := register(t, app, fs[1], activity, 1, 2)
	w, _ := register(t, app, fs[2], activity, 1, 0)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + activity.Id,
		Token: staff, Body: map[string]any{"capacity": 4}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	var shown struct {
		Capacity   int
		SeatsTaken int `json:"seats_taken"`
	}
	res.JSON(t, &shown)
	if shown.Capacity != 4 || shown.SeatsTaken != 6 {
		t.Errorf("staff are shown %d taken of %d, want 6 of 4", shown.SeatsTaken, shown.Capacity)
	}
	// Re-saves: the family's own, and staff's.
	if res := patch(t, app, fs[0].token, a, map[string]any{"adults": 2, "children": 1}); res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if res := patch(t, app, staff, b, map[string]any{"status": "going"}); res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if status(t, app, a) != "going" || status(t, app, b) != "going" || status(t, app, w) != "waitlisted" {
		t.Errorf("after re-saves: %s %s %s", status(t, app, a), status(t, app, b), status(t, app, w))
	}
	// One family cancels: 3 taken of 4, one seat: offered to the waiting.
	patch(t, app, fs[1].token, b, map[string]any{"status": "cancelled"})
	if status(t, app, w) != "offered" {
		t.Errorf("waiting family: %s", status(t, app, w))
	}
	checkCounter(t, app, activity.Id)
}

// Staff moving a registration to another date frees its seats at the old
// one (offered to its waiting list) and decides it anew at the new one.
func TestMovingARegistrationFreesTheOldSeats(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	from := activityWith(t, app, map[string]any{"capacity": 2})
	to := activityWith(t, app, map[string]any{"capacity": 2})
	fs := families(t, app, 1, 3)
	moved, _ := register(t, app, fs[0], from, 2, 0)
	waiting, _ := register(t, app, fs[1], from, 1, 1)
	register(t, app, fs[2], to, 1, 0)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	if res := patch(t, app, staff, moved, map[string]any{"activity": to.Id}); res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if status(t, app, waiting) != "offered" || seatsTaken(t, app, from.Id) != 2 {
		t.Errorf("old date: waiting family %s, seats %d", status(t, app, waiting), seatsTaken(t, app, from.Id))
	}
	if status(t, app, moved) != "waitlisted" || seatsTaken(t, app, to.Id) != 1 {
		t.Errorf("new date: moved family %s, seats %d", status(t, app, moved), seatsTaken(t, app, to.Id))
	}
	checkCounter(t, app, from.Id)
	checkCounter(t, app, to.Id)
}

// A family going that adds a child on a full activity keeps its seats;
// only the child waits, and is offered the next seat.
func TestAddingAChildOnAFullActivityWaitlistsOnlyTheChild(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 4})
	fs := families(t, app, 1, 2)
	grows, _ := register(t, app, fs[0], activity, 1, 1)
	other, _ := register(t, app, fs[1], activity, 1, 1)
	if res := patch(t, app, fs[0].token, grows, map[string]any{"adults": 1, "children": 2}); res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	r := reg(t, app, grows)
	if r.GetString("status") != "going" || r.GetInt("waiting") != 1 || seatsTaken(t, app, activity.Id) != 4 {
		t.Fatalf("after adding a child: %s, %d waiting, seats %d; want going, 1, 4",
			r.GetString("status"), r.GetInt("waiting"), seatsTaken(t, app, activity.Id))
	}
	// The other family cancels: the child is offered a seat, and confirmed.
	patch(t, app, fs[1].token, other, map[string]any{"status": "cancelled"})
	if status(t, app, grows) != "offered" {
		t.Fatalf("after a cancellation: %s", status(t, app, grows))
	}
	if o := mutate(t, app, fs[0].token, "confirm_offer", map[string]any{"registration": grows}); o.Status != "applied" {
		t.Fatalf("confirm: %+v", o)
	}
	r = reg(t, app, grows)
	if r.GetString("status") != "going" || r.GetInt("waiting") != 0 || seatsTaken(t, app, activity.Id) != 3 {
		t.Errorf("confirmed: %s, %d waiting, seats %d", r.GetString("status"), r.GetInt("waiting"), seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
}

// Declining the offer for the extra child keeps the family's seats and
// drops the child it had asked for.
func TestDecliningAnOfferForTheExtraKeepsTheSeats(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 3})
	fs := families(t, app, 1, 2)
	grows, _ := register(t, app, fs[0], activity, 1, 1)
	other, _ := register(t, app, fs[1], activity, 1, 0)
	patch(t, app, fs[0].token, grows, map[string]any{"adults": 1, "children": 2})
	patch(t, app, fs[1].token, other, map[string]any{"status": "cancelled"})
	if o := mutate(t, app, fs[0].token, "decline_offer", map[string]any{"registration": grows}); o.Status != "applied" {
		t.Fatalf("decline: %+v", o)
	}
	r := reg(t, app, grows)
	if r.GetString("status") != "going" || r.GetInt("children") != 1 || r.GetInt("waiting") != 0 {
		t.Errorf("declined: %s, %d children, %d waiting", r.GetString("status"), r.GetInt("children"), r.GetInt("waiting"))
	}
	checkCounter(t, app, activity.Id)
}

// Deleting an account (its registrations go in cascade) gives its seats to
// the waiting list, in the delete's transaction.
func TestDeletingAnAccountMovesTheWaitingList(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 2})
	fs := families(t, app, 1, 2)
	register(t, app, fs[0], activity, 2, 0)
	waiting, _ := register(t, app, fs[1], activity, 1, 0)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodDelete, URL: "/api/hub/me", Token: fs[0].token})
	if res.Status >= 300 {
		t.Fatalf("delete account: %d %s", res.Status, res.Body)
	}
	if status(t, app, waiting) != "offered" || seatsTaken(t, app, activity.Id) != 1 {
		t.Errorf("after the account went: %s, seats %d", status(t, app, waiting), seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
}
