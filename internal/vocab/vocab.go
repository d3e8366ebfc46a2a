// Package vocab is the hub's shared knowledge, defined once: the languages
// it speaks, the age bands, the kinds of activity, the roles and the time
// zone. The migrations read it through jsvm (the `hugVocab` global), the PWA
// through GET /api/hub/config, and every Go package imports it; nothing else
// keeps a copy.
package vocab

import (
	"time"
	_ "time/tzdata" // Europe/Rome must resolve on a server without tzdata
)

// Language is one language of the interface and of the content.
type Language struct {
	Code string `json:"code"`
	// Dir is "rtl" for scripts written right to left.
	Dir string `json:"dir"`
}

// Source is the language the centre writes in first and everything falls
// back to.
const Source = "it"

// Languages, in the fixed order of the fallback chain and the menus: the
// source first, then the languages of the centre's families.
var Languages = []Language{
	{"it", "ltr"}, {"en", "ltr"}, {"ar", "rtl"}, {"ro", "ltr"}, {"sq", "ltr"},
	{"pa", "ltr"}, {"uk", "ltr"}, {"zh", "ltr"}, {"fr", "ltr"},
}

// LanguageCodes lists the codes of Languages, in order.
func LanguageCodes() []string {
	codes := make([]string, len(Languages))
	for i, l := range Languages {
		codes[i] = l.Code
	}
	return codes
}

// IsLanguage reports whether code is one of the hub's languages.
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Direction is "rtl" for the hub's right-to-left languages, else "ltr".
func Direction(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Dir
		}
	}
	return "ltr"
}

// AgeBands are the only thing the hub knows of children: no names, no
// birth dates (minimal data).
var AgeBands = []string{"0-3", "3-6", "6-11", "11-14", "14-18"}

// ActivityKinds are the kinds of activity in the calendar.
var ActivityKinds = []string{"meeting", "workshop", "play", "support", "training", "info", "other"}

// Audiences are who an activity is for.
var Audiences = []string{"families", "parents", "fathers", "children", "operators"}

// ServiceCategories group the services directory (in this order, there too).
var ServiceCategories = []string{"educational", "social", "health", "school", "leisure"}

// AppointmentTopics are what a family may ask a listening or consultation
// appointment about (the listening spaces and psycho-pedagogical
// consultations of the press release), in the order the form shows them.
var AppointmentTopics = []string{"listening", "parenting_consultation", "information", "other"}

// AppointmentWeekdays are the days a family may prefer for an appointment
// (Monday = 1, as in opening hours): the centre's working week.
var AppointmentWeekdays = []string{"1", "2", "3", "4", "5", "6"}

// DayParts are the times of day a family may prefer for an appointment.
var DayParts = []string{"morning", "afternoon", "evening"}

// Roles of a signed-in person (the users collection's role field). A guest
// has none; a PocketBase superuser is the operator, outside these.
const (
	RoleFamily      = "family"
	RoleAssociation = "association"
	RoleMediator    = "mediator"
	RoleStaff       = "staff"
)

// Roles lists every role, in the order the users collection declares them.
var Roles = []string{RoleFamily, RoleAssociation, RoleMediator, RoleStaff}

// TimeZoneName is where the centre is: every date a family reads, every
// opening hour and every holiday is in this zone.
const TimeZoneName = "Europe/Rome"

// TimeZone is the centre's location, loaded once.
var TimeZone = mustLoad(TimeZoneName)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
