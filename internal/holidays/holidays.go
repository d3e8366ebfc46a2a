// Package holidays is the hub's rule for public holidays, defined once: the
// Italian national holidays of any year (Easter and Easter Monday computed;
// 4 October, San Francesco, again a national holiday from 2026 under Law
// 151/2025) and the patron saints of the municipalities the centre serves
// (Sant'Omobono, 13 November, in Cremona). A place is closed on them unless
// its own exceptions say otherwise.
//
// The phone computes the same rule offline for any date: GET /api/hub/config
// serves Rules (vocab.Shared.Holidays) and pb_public/data/hours.js reads it.
// Both sides pass tests/fixtures/holidays.json (TestSharedFixture here,
// tests/js/holidays.test.mjs there), which also pins the rule's JSON.
package holidays

import (
	"strings"
	"time"
)

// Fixed is a holiday on the same date every year, from a year on (0: always).
type Fixed struct {
	Key   string `json:"key"`
	Month int    `json:"month"`
	Day   int    `json:"day"`
	From  int    `json:"from,omitempty"`
}

// Movable is a holiday Offset days after Easter Sunday.
type Movable struct {
	Key    string `json:"key"`
	Offset int    `json:"offset"`
	From   int    `json:"from,omitempty"`
}

// Local is a municipality's own holiday (its patron saint).
type Local struct {
	Fixed
	Municipality string `json:"municipality"`
}

// Rule is the whole rule, as the phone receives it. A holiday's name is the
// locale message "holiday_<key>".
type Rule struct {
	Fixed  []Fixed   `json:"fixed"`
	Easter []Movable `json:"easter"`
	Local  []Local   `json:"local"`
}

// Rules are the holidays the hub knows.
var Rules = Rule{
	Fixed: []Fixed{
		{Key: "new_year", Month: 1, Day: 1},
		{Key: "epiphany", Month: 1, Day: 6},
		{Key: "liberation", Month: 4, Day: 25},
		{Key: "labour", Month: 5, Day: 1},
		{Key: "republic", Month: 6, Day: 2},
		{Key: "assumption", Month: 8, Day: 15},
		// Law 151/2025 made San Francesco d'Assisi a national holiday again
		// from 2026 (it had been abolished in 1977).
		{Key: "san_francesco", Month: 10, Day: 4, From: 2026},
		{Key: "all_saints", Month: 11, Day: 1},
		{Key: "immaculate", Month: 12, Day: 8},
		{Key: "christmas", Month: 12, Day: 25},
		{Key: "santo_stefano", Month: 12, Day: 26},
	},
	Easter: []Movable{
		{Key: "easter", Offset: 0},
		{Key: "easter_monday", Offset: 1},
	},
	Local: []Local{
		{Fixed: Fixed{Key: "sant_omobono", Month: 11, Day: 13}, Municipality: "Cremona"},
	},
}

// Easter is Easter Sunday of a year in the Gregorian calendar (the
// anonymous Gregorian algorithm, Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// SameMunicipality compares a place's municipality with a rule's, ignoring
// case and surrounding spaces (staff type it by hand).
func SameMunicipality(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// On returns the key of the holiday on a date ("YYYY-MM-DD", the centre's
// calendar) for a place in municipality, or "" when the date is no holiday
// there (or is not a date).
func On(date, municipality string) string {
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ""
	}
	year, month, dom := day.Date()
	applies := func(from int) bool { return from == 0 || year >= from }
	for _, h := range Rules.Fixed {
		if h.Month == int(month) && h.Day == dom && applies(h.From) {
			return h.Key
		}
	}
	easter := Easter(year)
	for _, h := range Rules.Easter {
		if easter.AddDate(0, 0, h.Offset).Equal(day) && applies(h.From) {
			return h.Key
		}
	}
	for _, h := range Rules.Local {
		if h.Month == int(month) && h.Day == dom && applies(h.From) && SameMunicipality(municipality, h.Municipality) {
			return h.Key
		}
	}
	return ""
}
