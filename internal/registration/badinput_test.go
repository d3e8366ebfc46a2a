package registration_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/registration"
)

// Each refusal says its reason, through the records API and the mutation,
// in the caller's language, and writes nothing.
func TestRegistrationsRefusedWithTheirReason(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	past := time.Now().UTC().Add(-time.Hour)
	cases := []struct {
		name     string
		activity map[string]any
		adults   int
		children int
		field    string
		code     string
		italian  string
	}{
		{"after the deadline", map[string]any{"registration_deadline": past}, 1, 0, "activity",
			registration.CodeDeadline, "Il termine per iscriversi è scaduto."},
		{"more people than one registration may bring", map[string]any{"max_people": 4, "capacity": 30}, 2, 3, "adults",
			registration.CodeTooMany, "Troppe persone per una sola iscrizione."},
		{"more people than the places", map[string]any{"capacity": 3}, 2, 2, "adults",
			registration.CodeTooMany, "Troppe persone per una sola iscrizione."},
		{"a cancelled date", map[string]any{"status": "cancelled"}, 1, 0, "activity",
			registration.CodeCancelled, "Questa data è stata annullata."},
		{"an activity hidden after reports", map[string]any{"hidden": true}, 1, 0, "activity",
			registration.CodeHidden, "Questa attività è sospesa mentre il personale del centro la verifica: per ora non si accettano iscrizioni."},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			activity := activityWith(t, app, c.activity)
			f := newFamily(t, app, i+1)
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: f.token,
				Header: map[string]string{"Accept-Language": "it"},
				Body:   map[string]any{"activity": activity.Id, "user": f.user.Id, "adults": c.adults, "children": c.children}})
			var body struct {
				Message string
				Data    map[string]struct{ Code, Message string }
			}
			res.JSON(t, &body)
			if res.Status/100 != 4 || body.Data[c.field].Code != c.code || body.Data[c.field].Message != c.italian {
				t.Errorf("records API: %d %s", res.Status, res.Body)
			}
			o := mutate(t, app, f.token, "register", map[string]any{"registration": core.GenerateDefaultRandomId(),
				"activity": activity.Id, "adults": c.adults, "children": c.children})
			if o.Status != "rejected" || o.Error.Code != c.code || o.Error.Message != c.italian {
				t.Errorf("mutation: %+v %+v", o, o.Error)
			}
			if n := count(t, app, "activity = {:a}", map[string]any{"a": activity.Id}); n != 0 {
				t.Errorf("%d registrations written", n)
			}
		})
	}
}

// After the deadline a family may still come with fewer people or cancel,
// but not bring more.
func TestAfterTheDeadlineOnlyFewer(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := activityWith(t, app, map[string]any{"capacity": 10})
	f := newFamily(t, app, 1)
	id, _ := register(t, app, f, activity, 2, 2)
	activity.Set("registration_deadline", time.Now().UTC().Add(-time.Minute))
	if err := app.Save(activity); err != nil {
		t.Fatal(err)
	}
	res := patch(t, app, f.token, id, map[string]any{"adults": 2, "children": 3})
	if res.Status != http.StatusBadRequest || errorCode(t, res, "activity") != registration.CodeDeadline {
		t.Errorf("more after the deadline: %d %s", res.Status, res.Body)
	}
	if res := patch(t, app, f.token, id, map[string]any{"adults": 2, "children": 1}); res.Status != http.StatusOK {
		t.Errorf("fewer after the deadline: %d %s", res.Status, res.Body)
	}
	if seatsTaken(t, app, activity.Id) != 3 {
		t.Errorf("seats %d", seatsTaken(t, app, activity.Id))
	}
}

// Without a registration deadline, registrations close at the start.
func TestTheDeadlineDefaultsToTheStart(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	starts := time.Now().UTC().Add(3 * time.Hour)
	activity := activityWith(t, app, map[string]any{"starts_at": starts, "ends_at": starts.Add(time.Hour)})
	if d := registration.Deadline(activity).Sub(starts); d > time.Millisecond || d < -time.Millisecond {
		t.Errorf("deadline %v, start %v", registration.Deadline(activity), starts)
	}
	restore := registration.SetNow(starts.Add(time.Second))
	defer restore()
	f := newFamily(t, app, 1)
	res := tryRegister(t, app, f, activity.Id, 1, 0)
	if res.Status != http.StatusBadRequest || errorCode(t, res, "activity") != registration.CodeClosed {
		t.Errorf("after the start: %d %s", res.Status, res.Body)
	}
}
