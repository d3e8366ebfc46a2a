package calendar_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/teambition/rrule-go"

	"github.com/cremona/hug/internal/hubtest"
)

// fetch GETs a feed through the hub's real router.
func fetch(t *testing.T, app *tests.TestApp, url string, header map[string]string) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Header: header})
}

// parse reads a feed with two iCalendar parsers: emersion/go-ical (another
// author's, strict about the grammar; what the assertions read) and the
// writing library's own.
func parse(t *testing.T, r hubtest.Response) *ical.Calendar {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("Content-Type %q", ct)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(r.Body)).Decode()
	if err != nil {
		t.Fatalf("not an iCalendar object: %v\n%s", err, r.Body)
	}
	if _, err := ics.ParseCalendar(bytes.NewReader(r.Body)); err != nil {
		t.Fatalf("the library's parser refuses it: %v", err)
	}
	return cal
}

// events are a calendar's VEVENTs by UID.
func events(t *testing.T, cal *ical.Calendar) map[string]*ical.Component {
	t.Helper()
	out := map[string]*ical.Component{}
	for _, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		uid := prop(c, "UID")
		if _, dup := out[uid]; dup {
			t.Fatalf("UID %s twice", uid)
		}
		out[uid] = c
	}
	return out
}

func prop(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	if p.ValueType() == ical.ValueText || p.ValueType() == ical.ValueDefault {
		if s, err := p.Text(); err == nil {
			return s
		}
	}
	return p.Value
}

// uid is the UID the hub gives an activity's event (the test app's URL is
// PocketBase's default, http://localhost:8090).
func uid(activity *core.Record) string { return activity.Id + "@localhost" }

// zone is a VTIMEZONE read back: its observances, to compute offsets the
// way a calendar app does, from the feed alone (not from Go's zone data).
type zone struct {
	observances []observance
}

type observance struct {
	rule     *rrule.RRule
	from, to int // seconds east of UTC
}

func readZone(t *testing.T, cal *ical.Calendar, tzid string) zone {
	t.Helper()
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone || prop(c, "TZID") != tzid {
			continue
		}
		var z zone
		for _, o := range c.Children {
			opt, err := o.Props.RecurrenceRule()
			if err != nil || opt == nil {
				t.Fatalf("%s observance without a yearly rule: %v", o.Name, err)
			}
			start, err := time.ParseInLocation("20060102T150405", prop(o, "DTSTART"), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			opt.Dtstart = start // local wall clock, written as UTC
			rule, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			z.observances = append(z.observances, observance{rule: rule, from: offset(t, prop(o, "TZOFFSETFROM")), to: offset(t, prop(o, "TZOFFSETTO"))})
		}
		return z
	}
	t.Fatalf("no VTIMEZONE %s", tzid)
	return zone{}
}

func offset(t *testing.T, s string) int {
	t.Helper()
	var h, m int
	if _, err := fmt.Sscanf(s[1:], "%02d%02d", &h, &m); err != nil || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad UTC offset %q", s)
	}
	sec := h*3600 + m*60
	if s[0] == '-' {
		return -sec
	}
	return sec
}

// utc turns a local wall-clock time (as UTC fields) into the instant it
// is, by the observance that began last before it.
func (z zone) utc(local time.Time) time.Time {
	var best time.Time
	off := 0
	for _, o := range z.observances {
		onset := o.rule.Before(local, true)
		if !onset.IsZero() && onset.After(best) {
			best, off = onset, o.to
		}
	}
	return local.Add(-time.Duration(off) * time.Second)
}

// start is an event's DTSTART as an instant, by the feed's own VTIMEZONE.
func start(t *testing.T, cal *ical.Calendar, ev *ical.Component) time.Time {
	t.Helper()
	p := ev.Props.Get("DTSTART")
	tzid := p.Params.Get("TZID")
	if tzid == "" {
		t.Fatalf("DTSTART %s has no TZID", p.Value)
	}
	local, err := time.ParseInLocation("20060102T150405", p.Value, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return readZone(t, cal, tzid).utc(local)
}

// saveActivity adds an approved activity, as staff would publish it.
func saveActivity(t *testing.T, app core.App, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("activities")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(map[string]any{"kind": "meeting", "status": "approved"})
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func register(t *testing.T, app core.App, user, activity *core.Record, status string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("registrations")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(map[string]any{"user": user.Id, "activity": activity.Id, "adults": 1, "children": 1, "status": status})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}
