package appointments

import (
	"regexp"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// The refusals of a request and of its moves (message ids in locales/).
const (
	CodeContactMissing     = "appointment_contact_missing"     // neither a phone nor an e-mail to be reached at
	CodePhoneInvalid       = "appointment_phone_invalid"       // a phone number that is not one
	CodeNothingProposed    = "appointment_nothing_proposed"    // confirming or asking another date when none is proposed
	CodeDatePassed         = "appointment_date_passed"         // confirming a proposed date that has passed
	CodeStatusNotAllowed   = "appointment_status_not_allowed"  // any other move this person may not make from this state
	CodeProposalIncomplete = "appointment_proposal_incomplete" // staff: a proposal needs a date and a place
	CodeProposalPast       = "appointment_proposal_past"       // staff: a proposal in the past
	CodePlaceUnknown       = "appointment_place_unknown"       // staff: a proposal at a place the hub does not know
	CodeClosed             = "appointment_closed"              // any change to a request that is done or withdrawn
)

func refusal(field, code, message string) error {
	return router.NewBadRequestError(message, map[string]any{field: validation.NewError(code, message)})
}

// phoneNumber: digits with the separators people write (+39 333 331-7332),
// between 6 and 15 digits.
var phoneNumber = regexp.MustCompile(`^\+?[0-9][0-9 ./()-]*$`)

// Request completes and checks a new request before it is saved, whoever
// sends it (records API, request_appointment): it starts "new", in the
// person's first language unless they chose one, with one way to reach
// them, the one they chose (the other value is not kept: minimal data).
// The topic, days and parts of the day are the collection's selects
// (vocab); the message is text, kept as written (HTML stays text: the
// phone renders it escaped).
func Request(app core.App, auth, r *core.Record) error {
	r.Set("status", "new")
	if r.GetString("language") == "" {
		lang := vocab.Source
		if auth != nil {
			if langs := auth.GetStringSlice("languages"); len(langs) > 0 {
				lang = langs[0]
			}
		}
		r.Set("language", lang)
	}
	phone := strings.TrimSpace(r.GetString("contact_phone"))
	email := strings.TrimSpace(r.GetString("contact_email"))
	method := r.GetString("contact_method")
	if method == "" && phone != "" {
		method = "phone"
	} else if method == "" && email != "" {
		method = "email"
	}
	const missing = "Say how we can reach you: a phone number or an e-mail address."
	switch method {
	case "phone":
		if phone == "" {
			return refusal("contact_phone", CodeContactMissing, missing)
		}
		if digits := countDigits(phone); !phoneNumber.MatchString(phone) || digits < 6 || digits > 15 {
			return refusal("contact_phone", CodePhoneInvalid, "This does not look like a phone number.")
		}
		email = ""
	case "email":
		if email == "" {
			return refusal("contact_email", CodeContactMissing, missing)
		}
		phone = ""
	default:
		return refusal("contact_method", CodeContactMissing, missing)
	}
	r.Set("contact_method", method)
	r.Set("contact_phone", phone)
	r.Set("contact_email", email)
	return nil
}

func countDigits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}
