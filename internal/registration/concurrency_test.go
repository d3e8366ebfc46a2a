package registration_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

// 200 families register at once for 20 places, half through the sync
// endpoint (POST /api/hub/mutations) and half through the records API:
// exactly 20 people end up going, the others waitlisted in the order they
// arrived (the order their seat transactions ran, which created records),
// and the counter agrees with the rows. Rate limits are off here: they
// are about one address, and these are 200 phones (internal/hub tests them).
func TestTwoHundredFamiliesForTwentyPlaces(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	app.Settings().RateLimits.Enabled = false
	activity := activityWith(t, app, map[string]any{"capacity": 20})
	const n = 200
	fs := make([]family, n)
	for i := range fs {
		u := hubtest.NewUser(t, app, fmt.Sprintf("folla%d@hug.test", i), "family")
		fs[i] = family{u, hubtest.Token(t, app, "users", u.Email())}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan string, n)
	for i, f := range fs {
		wg.Add(1)
		go func(i int, f family) {
			defer wg.Done()
			<-start
			if i%2 == 0 {
				o := mutate(t, app, f.token, "register", map[string]any{"registration": core.GenerateDefaultRandomId(),
					"activity": activity.Id, "adults": 1, "children": 0})
				if o.Status != "applied" {
					errs <- fmt.Sprintf("mutation %d: %+v", i, o)
				}
				return
			}
			if res := tryRegister(t, app, f, activity.Id, 1, 0); res.Status != http.StatusOK {
				errs <- fmt.Sprintf("records API %d: %d %s", i, res.Status, res.Body)
			}
		}(i, f)
	}
	close(start)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	rows, err := app.FindRecordsByFilter("registrations", "activity = {:a}", "created", 0, 0, map[string]any{"a": activity.Id})
	if err != nil {
		t.Fatal(err)
	}
	var going, waiting []*core.Record
	for _, r := range rows {
		switch r.GetString("status") {
		case "going":
			going = append(going, r)
		case "waitlisted":
			waiting = append(waiting, r)
		default:
			t.Errorf("status %s", r.GetString("status"))
		}
	}
	if len(rows) != n || len(going) != 20 || len(waiting) != n-20 {
		t.Fatalf("%d rows, %d going, %d waitlisted", len(rows), len(going), len(waiting))
	}
	if seatsTaken(t, app, activity.Id) != 20 {
		t.Errorf("seats taken %d", seatsTaken(t, app, activity.Id))
	}
	checkCounter(t, app, activity.Id)
	// Arrival order: the waiting list's places are 1..180 without a gap or
	// a tie, in the order the registrations were made, and every family
	// going arrived before every family waiting.
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].GetInt("queued") < waiting[j].GetInt("queued") })
	lastGoing := going[0].GetDateTime("created")
	for _, r := range going {
		if r.GetDateTime("created").After(lastGoing) {
			lastGoing = r.GetDateTime("created")
		}
	}
	for i, r := range waiting {
		if r.GetInt("queued") != i+1 {
			t.Fatalf("place %d in the waiting list is numbered %d", i+1, r.GetInt("queued"))
		}
		if i > 0 && r.GetDateTime("created").Before(waiting[i-1].GetDateTime("created")) {
			t.Errorf("place %d arrived before place %d", i+1, i)
		}
		if r.GetDateTime("created").Before(lastGoing) {
			t.Errorf("place %d arrived before a family that got a seat", i+1)
		}
	}
	// And they are served in that order: 5 going cancel, the first 5
	// waiting are offered their seats.
	for _, r := range going[:5] {
		r.Set("status", "cancelled")
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range waiting[:6] {
		want := "offered"
		if i == 5 {
			want = "waitlisted"
		}
		if got := status(t, app, r.Id); got != want {
			t.Errorf("waiting place %d: %s, want %s", i+1, got, want)
		}
	}
	checkCounter(t, app, activity.Id)
}

// The seat transaction is what keeps the last seats from being given
// twice: 8 phones race for 4 one-person seats through the records API
// (the probe that overbooks 6 for 4 without it).
func TestRacingForTheLastSeatsNeverOverbooks(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	app.Settings().RateLimits.Enabled = false
	for round := 0; round < 5; round++ {
		activity := activityWith(t, app, map[string]any{"capacity": 4})
		fs := families(t, app, 100*round+1, 8)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, f := range fs {
			wg.Add(1)
			go func(f family) {
				defer wg.Done()
				<-start
				tryRegister(t, app, f, activity.Id, 1, 0)
			}(f)
		}
		close(start)
		wg.Wait()
		if g := count(t, app, "activity = {:a} && status = 'going'", map[string]any{"a": activity.Id}); g != 4 {
			t.Fatalf("round %d: %d going for 4 seats", round, g)
		}
		checkCounter(t, app, activity.Id)
	}
}

// A family registering twice for the same date at once (two phones, or a
// phone and the records API) gets one registration; the other is refused
// with registration_exists, never doubled.
func TestTheSameFamilyTwiceAtOnceIsOneRegistration(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	app.Settings().RateLimits.Enabled = false
	activity := activityWith(t, app, map[string]any{"capacity": 10})
	f := newFamily(t, app, 1)
	var wg sync.WaitGroup
	start := make(chan struct{})
	codes := make(chan string, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			if i%2 == 0 {
				o := mutate(t, app, f.token, "register", map[string]any{"registration": core.GenerateDefaultRandomId(),
					"activity": activity.Id, "adults": 1, "children": 1})
				if o.Status == "rejected" {
					codes <- o.Error.Code
				} else {
					codes <- "ok"
				}
				return
			}
			res := tryRegister(t, app, f, activity.Id, 1, 1)
			if res.Status == http.StatusOK {
				codes <- "ok"
			} else {
				codes <- errorCode(t, res, "request")
			}
		}(i)
	}
	close(start)
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		switch c {
		case "ok":
			ok++
		case "registration_exists":
		default:
			t.Errorf("refused with %q", c)
		}
	}
	if ok != 1 || count(t, app, "activity = {:a}", map[string]any{"a": activity.Id}) != 1 || seatsTaken(t, app, activity.Id) != 2 {
		t.Errorf("%d accepted, %d rows, seats %d", ok, count(t, app, "activity = {:a}", map[string]any{"a": activity.Id}), seatsTaken(t, app, activity.Id))
	}
}
