package calendar

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
)

// addTimeZone adds loc's VTIMEZONE to cal, made from Go's time zone data
// (vocab.TimeZone) rather than written by hand: one STANDARD and one
// DAYLIGHT observance with the yearly rule of the transitions of year (for
// Europe/Rome: the last Sunday of March at 02:00 to +0200, the last Sunday
// of October at 03:00 back to +0100). A zone without daylight saving gets
// its one STANDARD observance.
func addTimeZone(cal *ics.Calendar, loc *time.Location, year int) {
	tz := cal.AddTimezone(loc.String())
	changes := transitions(loc, year)
	if len(changes) == 0 {
		name, offset := time.Date(year, 1, 1, 0, 0, 0, 0, loc).Zone()
		std := tz.AddStandard()
		std.SetProperty(ics.ComponentPropertyDtStart, "19700101T000000")
		std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(offset))
		std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(offset))
		std.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		return
	}
	for _, c := range changes {
		observance := ics.ComponentBase{}
		// DTSTART is the local time (before the change) of the rule's first
		// occurrence in 1970, as RFC 5545's own examples write it.
		first := firstIn(1970, c.month, c.week, c.at.Weekday())
		local := time.Date(first.Year(), first.Month(), first.Day(), c.at.Hour(), c.at.Minute(), c.at.Second(), 0, time.UTC)
		observance.SetProperty(ics.ComponentPropertyDtStart, local.Format("20060102T150405"))
		observance.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(c.from))
		observance.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(c.to))
		observance.SetProperty(ics.ComponentProperty(ics.PropertyTzname), c.name)
		observance.SetProperty(ics.ComponentPropertyRrule, fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(c.month), c.week, weekdays[c.at.Weekday()]))
		if c.daylight {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: observance})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: observance})
		}
	}
}

var weekdays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// transition is one change of a zone's offset.
type transition struct {
	at       time.Time // wall clock before the change (e.g. 02:00 for Rome in March)
	month    time.Month
	week     int // 1..4 or -1 (the last such weekday of the month)
	from, to int // offsets, seconds east of UTC
	name     string
	daylight bool
}

// transitions finds the instants of year at which loc's offset changes.
func transitions(loc *time.Location, year int) []transition {
	var out []transition
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	for day := start; day.Year() == year; day = day.Add(24 * time.Hour) {
		next := day.Add(24 * time.Hour)
		_, before := day.In(loc).Zone()
		_, after := next.In(loc).Zone()
		if before == after {
			continue
		}
		// the first second of the new offset, by bisection
		lo, hi := day, next
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if _, o := mid.In(loc).Zone(); o == before {
				lo = mid
			} else {
				hi = mid
			}
		}
		name, to := hi.In(loc).Zone()
		at := hi.In(time.FixedZone("", before))
		week := (at.Day()-1)/7 + 1
		if at.Day()+7 > daysIn(at.Month(), at.Year()) {
			week = -1
		}
		out = append(out, transition{at: at, month: at.Month(), week: week, from: before, to: to, name: name, daylight: to > before})
	}
	return out
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// firstIn is the date of the week-th (or last, -1) weekday of month in year.
func firstIn(year int, month time.Month, week int, weekday time.Weekday) time.Time {
	if week < 0 {
		d := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		for d.Weekday() != weekday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	d := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != weekday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(week-1))
}

// utcOffset writes seconds east of UTC as RFC 5545's UTC-OFFSET (+0100).
func utcOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign = "-"
		seconds = -seconds
	}
	return fmt.Sprintf("%s%02d%02d", sign, seconds/3600, seconds/60%60)
}
