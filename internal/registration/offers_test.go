package registration_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/registration"
)

// The waiting list is served first come, first served: with three families
// waiting, the seat freed goes to the one that arrived first, then, as
// offers pass, to the second and the third, never the other way round.
func TestTheWaitingListIsServedInOrderOfArrival(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 1})
	fs := families(t, app, 1, 4)
	var ids []string
	for _, f := range fs {
		id, _ := register(t, app, f, activity, 1, 0)
		ids = append(ids, id)
	}
	for i, id := range ids[1:] {
		if r := reg(t, app, id); r.GetString("status") != "waitlisted" || r.GetInt("queued") == 0 {
			t.Fatalf("family %d: %s, queued %d", i+2, r.GetString("status"), r.GetInt("queued"))
		}
	}
	// The one going cancels: the first who waited is offered the seat.
	patch(t, app, fs[0].token, ids[0], map[string]any{"status": "cancelled"})
	for i, want := range []string{"cancelled", "offered", "waitlisted", "waitlisted"} {
		if got := status(t, app, ids[i]); got != want {
			t.Errorf("after the cancellation, family %d is %s, want %s", i+1, got, want)
		}
	}
	// It declines: the second who waited gets it.
	if o := mutate(t, app, fs[1].token, "decline_offer", map[string]any{"registration": ids[1]}); o.Status != "applied" {
		t.Fatalf("decline: %+v", o)
	}
	for i, want := range []string{"cancelled", "cancelled", "offered", "waitlisted"} {
		if got := status(t, app, ids[i]); got != want {
			t.Errorf("after declining, family %d is %s, want %s", i+1, got, want)
		}
	}
	checkCounter(t, app, activity.Id)
}

// An offer holds the seats for 24 hours, never later than 2 hours before
// the start; with less than 2 hours left the seat is given at once.
func TestHowLongAnOfferLasts(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	at := time.Now().UTC().Truncate(time.Second)
	cases := []struct {
		name   string
		starts time.Duration
		status string
		until  time.Time
	}{
		{"a month ahead: 24 hours", 30 * 24 * time.Hour, "offered", at.Add(24 * time.Hour)},
		{"tomorrow at this time: until 2 hours before", 24 * time.Hour, "offered", at.Add(22 * time.Hour)},
		{"in 90 minutes: the seat at once", 90 * time.Minute, "going", time.Time{}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			activity := activityWith(t, app, map[string]any{"capacity": 1,
				"starts_at": at.Add(c.starts), "ends_at": at.Add(c.starts + time.Hour)})
			fs := families(t, app, 10*i+1, 2)
			first, _ := register(t, app, fs[0], activity, 1, 0)
			second, _ := register(t, app, fs[1], activity, 1, 0)
			restore := registration.SetNow(at)
			defer restore()
			patch(t, app, fs[0].token, first, map[string]any{"status": "cancelled"})
			r := reg(t, app, second)
			if r.GetString("status") != c.status || !r.GetDateTime("offer_until").Time().Equal(c.until) {
				t.Errorf("%s until %v, want %s until %v", r.GetString("status"), r.GetDateTime("offer_until"), c.status, c.until)
			}
			checkCounter(t, app, activity.Id)
		})
	}
}

// An offer nobody confirms expires (the cron's pass, with the test's
// clock) and passes to the next family; the seats stay held meanwhile.
func TestAnUnconfirmedOfferPassesToTheNextFamily(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 2})
	fs := families(t, app, 1, 3)
	goingID, _ := register(t, app, fs[0], activity, 2, 0)
	firstID, _ := register(t, app, fs[1], activity, 1, 1)
	secondID, _ := register(t, app, fs[2], activity, 2, 0)
	start := time.Now().UTC()
	restore := registration.SetNow(start)
	defer restore()
	patch(t, app, fs[0].token, goingID, map[string]any{"status": "cancelled"})
	if status(t, app, firstID) != "offered" || seatsTaken(t, app, activity.Id) != 2 {
		t.Fatalf("first: %s, seats taken %d", status(t, app, firstID), seatsTaken(t, app, activity.Id))
	}
	// A minute before the end, nothing moves.
	if err := registration.ExpireOffers(app, start.Add(24*time.Hour-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if status(t, app, firstID) != "offered" || status(t, app, secondID) != "waitlisted" {
		t.Fatalf("before the end: %s, %s", status(t, app, firstID), status(t, app, secondID))
	}
	later := start.Add(24 * time.Hour)
	restore2 := registration.SetNow(later)
	defer restore2()
	if err := registration.ExpireOffers(app, later); err != nil {
		t.Fatal(err)
	}
	if status(t, app, firstID) != "cancelled" || status(t, app, secondID) != "offered" {
		t.Errorf("after the end: first %s, second %s; want cancelled, offered", status(t, app, firstID), status(t, app, secondID))
	}
	if until := reg(t, app, secondID).GetDateTime("offer_until").Time(); !until.Equal(later.Add(24 * time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("the second's offer ends %v", until)
	}
	checkCounter(t, app, activity.Id)
}

// Confirming an offer that expired says so and changes nothing, through
// the records API and the mutation, before and after the cron passed it on.
func TestConfirmingAnExpiredOfferSaysSoAndChangesNothing(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 1})
	fs := families(t, app, 1, 3)
	goingID, _ := register(t, app, fs[0], activity, 1, 0)
	lateID, _ := register(t, app, fs[1], activity, 1, 0)
	nextID, _ := register(t, app, fs[2], activity, 1, 0)
	start := time.Now().UTC()
	restore := registration.SetNow(start)
	defer restore()
	patch(t, app, fs[0].token, goingID, map[string]any{"status": "cancelled"})

	restore2 := registration.SetNow(start.Add(25 * time.Hour)) // expired, the cron not yet run
	defer restore2()
	res := patch(t, app, fs[1].token, lateID, map[string]any{"status": "going"})
	if res.Status != http.StatusBadRequest || errorCode(t, res, "registration") != registration.CodeOfferExpired {
		t.Errorf("records API: %d %s", res.Status, res.Body)
	}
	if o := mutate(t, app, fs[1].token, "confirm_offer", map[string]any{"registration": lateID}); o.Status != "rejected" || o.Error.Code != registration.CodeOfferExpired {
		t.Errorf("mutation: %+v", o)
	}
	if status(t, app, lateID) != "offered" || status(t, app, nextID) != "waitlisted" {
		t.Errorf("changed: %s, %s", status(t, app, lateID), status(t, app, nextID))
	}

	if err := registration.ExpireOffers(app, start.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	o := mutate(t, app, fs[1].token, "confirm_offer", map[string]any{"registration": lateID})
	if o.Status != "rejected" || o.Error.Code != registration.CodeOfferExpired || o.Error.Message != "Questa offerta è scaduta." {
		t.Errorf("after the cron: %+v", o)
	}
	if status(t, app, lateID) != "cancelled" || status(t, app, nextID) != "offered" {
		t.Errorf("after the cron: %s, %s", status(t, app, lateID), status(t, app, nextID))
	}
	checkCounter(t, app, activity.Id)
}

// confirm_offer gives the family the seats; a registration with no offer
// cannot be "confirmed" into a seat.
func TestConfirmOfferMutation(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 3})
	fs := families(t, app, 1, 3)
	goingID, _ := register(t, app, fs[0], activity, 2, 0)
	waitID, _ := register(t, app, fs[1], activity, 1, 1)
	otherID, _ := register(t, app, fs[2], activity, 1, 1)
	if o := mutate(t, app, fs[2].token, "confirm_offer", map[string]any{"registration": otherID}); o.Status != "rejected" || o.Error.Code != registration.CodeNoOffer {
		t.Errorf("no offer: %+v", o)
	}
	patch(t, app, fs[0].token, goingID, map[string]any{"status": "cancelled"})
	o := mutate(t, app, fs[1].token, "confirm_offer", map[string]any{"registration": waitID})
	if o.Status != "applied" || o.Decided != nil || status(t, app, waitID) != "going" {
		t.Errorf("confirm: %+v, %s", o, status(t, app, waitID))
	}
	if status(t, app, otherID) != "waitlisted" || seatsTaken(t, app, activity.Id) != 2 {
		t.Errorf("the other: %s, seats %d", status(t, app, otherID), seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
}
