// Package dates is the window of dates the hub accepts, for every date field
// of every collection and for the dated exceptions of opening hours.
//
// The window runs from 1 January 2024 (before the centre's app existed, so
// anything the centre archives fits) to two years from today (the centre
// plans a school year or two ahead, never further). A date outside it is a
// typo or an attack: an activity "until 9999" would stay "ongoing" on every
// phone forever, one "in 1900" would sink to the bottom of every list.
package dates

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/cremona/hug/internal/vocab"
)

// Zone is where the window's days begin and end: the centre's time zone.
var Zone = vocab.TimeZone

// Earliest is the first moment the hub accepts.
var Earliest = time.Date(2024, time.January, 1, 0, 0, 0, 0, Zone)

// YearsAhead is how far ahead of today a date may lie.
const YearsAhead = 2

// Latest is the last moment the hub accepts, seen from now: the end of the
// day two years from today, in Rome.
func Latest(now time.Time) time.Time {
	day := now.In(Zone).AddDate(YearsAhead, 0, 0)
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, Zone)
}

// InWindow is the rule: t lies between Earliest and Latest(now). The error
// names the window, as dates the person can read.
func InWindow(t, now time.Time) error {
	latest := Latest(now)
	if t.Before(Earliest) || t.After(latest) {
		return validation.NewError("validation_date_range", "Dates must be between {{.min}} and {{.max}}").
			SetParams(map[string]any{
				"min": Earliest.Format(time.DateOnly),
				"max": latest.Format(time.DateOnly),
			})
	}
	return nil
}
