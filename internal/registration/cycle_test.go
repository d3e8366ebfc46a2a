package registration_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/registration"
)

// cycle makes five weekly dates of one series, with the capacities given.
func cycle(t *testing.T, app core.App, series string, capacities ...int) []*core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	var dates []*core.Record
	for i, capacity := range capacities {
		a := core.NewRecord(c)
		a.Load(map[string]any{"title": map[string]string{"it": "Aperitivo pedagogico"}, "kind": "meeting", "status": "approved",
			"starts_at": hubtest.InDays(30+7*i, "18:00"), "ends_at": hubtest.InDays(30+7*i, "19:30"),
			"capacity": capacity, "registration_required": true, "series": series})
		if err := app.Save(a); err != nil {
			t.Fatal(err)
		}
		dates = append(dates, a)
	}
	return dates
}

// Registering for a whole cycle makes one registration per date, each
// decided on its own seats; a date already full puts the family on that
// date's waiting list only, and a cancelled date is left out with its
// reason.
func TestRegisteringForAWholeCycle(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	dates := cycle(t, app, "ciclo-prova", 10, 3, 10, 10)
	register(t, app, newFamily(t, app, 2), dates[1], 1, 0) // 2 places left for 3 people
	dates[3].Set("status", "cancelled")
	if err := app.Save(dates[3]); err != nil {
		t.Fatal(err)
	}
	f := newFamily(t, app, 1)
	var list []map[string]any
	ids := map[string]string{}
	for _, d := range dates {
		ids[d.Id] = core.GenerateDefaultRandomId()
		list = append(list, map[string]any{"activity": d.Id, "registration": ids[d.Id]})
	}
	o := mutate(t, app, f.token, "register_cycle", map[string]any{"dates": list, "adults": 1, "children": 2})
	if o.Status != "applied" {
		t.Fatalf("%+v", o)
	}
	decided, _ := o.Decided["dates"].(map[string]any)
	want := []string{"going", "waitlisted", "going", registration.CodeCancelled}
	for i, d := range dates {
		if decided[d.Id] != want[i] {
			t.Errorf("date %d decided %v, want %s", i+1, decided[d.Id], want[i])
		}
		n := count(t, app, "activity = {:a} && user = {:u}", map[string]any{"a": d.Id, "u": f.user.Id})
		if (i == 3) != (n == 0) || n > 1 {
			t.Errorf("date %d: %d registrations", i+1, n)
		}
		if i < 3 && status(t, app, ids[d.Id]) != want[i] {
			t.Errorf("date %d: %s", i+1, status(t, app, ids[d.Id]))
		}
		checkCounter(t, app, d.Id)
	}
	// Again: every date already registered (or cancelled): refused, not doubled.
	o = mutate(t, app, f.token, "register_cycle", map[string]any{"dates": []map[string]any{
		{"activity": dates[0].Id, "registration": core.GenerateDefaultRandomId()}}, "adults": 1, "children": 2})
	if o.Status != "rejected" || o.Error.Code != "registration_exists" {
		t.Errorf("again: %+v", o)
	}
	if n := count(t, app, "activity = {:a}", map[string]any{"a": dates[0].Id}); n != 1 {
		t.Errorf("%d registrations for the first date", n)
	}
}

// Single dates of a cycle are registered like any activity; a
// register_cycle mixing two cycles, or an activity of none, is refused.
func TestSingleDatesAndMixedCycles(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	a := cycle(t, app, "ciclo-a", 5, 5)
	b := cycle(t, app, "ciclo-b", 5)
	f := newFamily(t, app, 1)
	if _, st := register(t, app, f, a[1], 1, 0); st != "going" {
		t.Errorf("single date: %s", st)
	}
	o := mutate(t, app, f.token, "register_cycle", map[string]any{"dates": []map[string]any{
		{"activity": a[0].Id, "registration": core.GenerateDefaultRandomId()},
		{"activity": b[0].Id, "registration": core.GenerateDefaultRandomId()}}, "adults": 1, "children": 0})
	if o.Status != "rejected" || o.Error.Code != registration.CodeNotInCycle {
		t.Errorf("mixed: %+v", o)
	}
	if n := count(t, app, "user = {:u}", map[string]any{"u": f.user.Id}); n != 1 {
		t.Errorf("%d registrations", n)
	}
}
