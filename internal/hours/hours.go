// Package hours validates the opening hours of the access points: a weekly
// timetable plus dated exceptions (holidays, closures, extra openings), all
// in Europe/Rome local time. The phone computes "open now" from the same data
// offline; the server's job is to never store a timetable the phone would
// misread.
package hours

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/cremona/hug/internal/dates"
	"github.com/cremona/hug/internal/multitext"
)

// Slot is one opening on a weekday (1 = Monday ... 7 = Sunday).
type Slot struct {
	Day    int    `json:"day"`
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
}

// Exception replaces the weekly hours on one date: closed, or other slots.
// Note is multilingual text (internal/multitext).
type Exception struct {
	Date   string          `json:"date"`
	Closed bool            `json:"closed"`
	Slots  []Slot          `json:"slots"`
	Note   json.RawMessage `json:"note"`
}

func invalid(code, message string, params map[string]any) error {
	return validation.NewError(code, message).SetParams(params)
}

// minutes parses "HH:MM" within 00:00-24:00: exactly two digits, a colon,
// two digits. No sign, space or other character: the phone parses the same
// string with a regular expression and must never get NaN.
func minutes(clock string) (int, bool) {
	if len(clock) != 5 || clock[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if clock[i] < '0' || clock[i] > '9' {
			return 0, false
		}
	}
	h := int(clock[0]-'0')*10 + int(clock[1]-'0')
	m := int(clock[3]-'0')*10 + int(clock[4]-'0')
	total := h*60 + m
	if m > 59 || total > 24*60 {
		return 0, false
	}
	return total, true
}

// decodeStrict decodes a list, refusing fields the phone does not know.
func decodeStrict(raw []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the list")
	}
	return nil
}

// checkSlots validates a day's slots: well-formed, opening before closing,
// and no two slots of the same day overlapping.
func checkSlots(slots []Slot, needDay bool) error {
	byDay := map[int][][2]int{}
	for _, s := range slots {
		if needDay && (s.Day < 1 || s.Day > 7) {
			return invalid("validation_hours_day", "Day must be 1 (Monday) to 7 (Sunday), got {{.day}}", map[string]any{"day": s.Day})
		}
		opens, ok1 := minutes(s.Opens)
		closes, ok2 := minutes(s.Closes)
		if !ok1 || !ok2 {
			return invalid("validation_hours_time", "Times must be HH:MM between 00:00 and 24:00, got {{.opens}}-{{.closes}}",
				map[string]any{"opens": s.Opens, "closes": s.Closes})
		}
		if opens >= closes {
			return invalid("validation_hours_order", "Opening {{.opens}} must come before closing {{.closes}}",
				map[string]any{"opens": s.Opens, "closes": s.Closes})
		}
		byDay[s.Day] = append(byDay[s.Day], [2]int{opens, closes})
	}
	for _, ranges := range byDay {
		sort.Slice(ranges, func(i, j int) bool { return ranges[i][0] < ranges[j][0] })
		for i := 1; i < len(ranges); i++ {
			if ranges[i][0] < ranges[i-1][1] {
				return invalid("validation_hours_overlap", "Two openings on the same day overlap", nil)
			}
		}
	}
	return nil
}

// ValidateWeekly checks the "hours" field.
func ValidateWeekly(raw []byte) error {
	var slots []Slot
	if len(raw) > 0 && string(raw) != "null" {
		if err := decodeStrict(raw, &slots); err != nil {
			return invalid("validation_hours_shape", "Must be a list of {day, opens, closes}", nil)
		}
	}
	return checkSlots(slots, true)
}

// ValidateExceptions checks the "exceptions" field: real dates inside the
// window the hub accepts (internal/dates), at most once each, closed or with
// valid slots, and a note in the hub's languages only.
func ValidateExceptions(raw []byte, now time.Time) error {
	var exceptions []Exception
	if len(raw) > 0 && string(raw) != "null" {
		if err := decodeStrict(raw, &exceptions); err != nil {
			return invalid("validation_exceptions_shape", "Must be a list of {date, closed, slots}", nil)
		}
	}
	seen := map[string]bool{}
	for _, ex := range exceptions {
		day, err := time.ParseInLocation(time.DateOnly, ex.Date, dates.Zone)
		if err != nil {
			return invalid("validation_exceptions_date", "Dates must be YYYY-MM-DD, got {{.date}}", map[string]any{"date": ex.Date})
		}
		if err := dates.InWindow(day, now); err != nil {
			return err
		}
		if seen[ex.Date] {
			return invalid("validation_exceptions_duplicate", "The date {{.date}} appears twice", map[string]any{"date": ex.Date})
		}
		seen[ex.Date] = true
		if ex.Closed && len(ex.Slots) > 0 {
			return invalid("validation_exceptions_closed_with_slots", "A closed day cannot have openings", nil)
		}
		for i := range ex.Slots {
			ex.Slots[i].Day = 1 // one date: the slots share a day for the overlap check
		}
		if err := checkSlots(ex.Slots, false); err != nil {
			return err
		}
		if err := multitext.Validate(ex.Note, false); err != nil {
			return err
		}
	}
	return nil
}
