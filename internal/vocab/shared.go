package vocab

import "github.com/cremona/hug/internal/holidays"

// Shared is the vocabulary as JSON, for the code that cannot import this
// package: the JS migrations and hooks (the `hugVocab` global, see BindJS)
// and the PWA (GET /api/hub/config, which adds each language's name).
type Shared struct {
	SourceLanguage    string           `json:"source_language"`
	Languages         []SharedLanguage `json:"languages"`
	AgeBands          []string         `json:"age_bands"`
	ActivityKinds     []string         `json:"activity_kinds"`
	Audiences         []string         `json:"audiences"`
	ServiceCategories []string         `json:"service_categories"`
	AppointmentTopics []string         `json:"appointment_topics"`
	AppointmentDays   []string         `json:"appointment_weekdays"`
	DayParts          []string         `json:"day_parts"`
	Roles             []string         `json:"roles"`
	TimeZone          string           `json:"time_zone"`
	// Holidays is the public holidays' rule, which the phone computes for
	// any date offline (internal/holidays, pb_public/data/hours.js).
	Holidays holidays.Rule `json:"holidays"`
	// NotifyKinds are the kinds of notification a person chooses from
	// (notify.go); NotifyGuestKinds those a guest may follow.
	NotifyKinds      []string `json:"notify_kinds"`
	NotifyGuestKinds []string `json:"notify_guest_kinds"`
	// ReasonTemplates are the moderation reasons staff pick from (reasons.go).
	ReasonTemplates []string `json:"reason_templates"`
	// ReportReasons are why a person may report an activity (reports.go).
	ReportReasons []string `json:"report_reasons"`
}

// SharedLanguage is a Language with its name in itself ("العربية"), which
// the locale files hold; empty where nobody filled it in.
type SharedLanguage struct {
	Language
	Name string `json:"name,omitempty"`
}

// Snapshot returns the vocabulary, in its fixed orders; names(code) gives a
// language's name in itself (nil leaves them out).
func Snapshot(names func(code string) string) Shared {
	langs := make([]SharedLanguage, len(Languages))
	for i, l := range Languages {
		langs[i] = SharedLanguage{Language: l}
		if names != nil {
			langs[i].Name = names(l.Code)
		}
	}
	return Shared{
		SourceLanguage:    Source,
		Languages:         langs,
		AgeBands:          AgeBands,
		ActivityKinds:     ActivityKinds,
		Audiences:         Audiences,
		ServiceCategories: ServiceCategories,
		AppointmentTopics: AppointmentTopics,
		AppointmentDays:   AppointmentWeekdays,
		DayParts:          DayParts,
		Roles:             Roles,
		TimeZone:          TimeZoneName,
		Holidays:          holidays.Rules,
		NotifyKinds:       NotifyKinds,
		NotifyGuestKinds:  NotifyGuestKinds,
		ReasonTemplates:   ReasonTemplates,
		ReportReasons:     ReportReasons,
	}
}
