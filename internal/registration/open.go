package registration

import (
	"sync/atomic"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// clock is the time of every decision that depends on it (deadlines,
// offers): time.Now, or a test's (export_test.go). Atomic, because the
// cron reads it on its own goroutine.
var clock atomic.Pointer[func() time.Time]

func now() time.Time {
	if f := clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// The refusals of a registration, each with its reason (message ids in
// locales/).
const (
	CodeClosed       = "registration_closed"          // not published, or already started
	CodeCancelled    = "registration_date_cancelled"  // the date was cancelled
	CodeDeadline     = "registration_deadline_passed" // after the registration deadline
	CodeTooMany      = "registration_too_many_people" // more people than one registration may bring
	CodeOfferExpired = "registration_offer_expired"   // confirming an offer too late
	CodeNoOffer      = "registration_no_offer"        // confirming or declining when nothing is offered
	CodeOfferPending = "registration_offer_pending"   // more people on an offer not yet confirmed
	CodeNotInCycle   = "registration_not_a_cycle"     // register_cycle with dates of different cycles
	CodeHidden       = "registration_activity_hidden" // hidden after reports, until staff look (internal/reports)
)

func refusal(field, code, message string) error {
	return router.NewBadRequestError(message, map[string]any{field: validation.NewError(code, message)})
}

func closedError() error {
	return refusal("activity", CodeClosed, "Registrations for this activity are closed.")
}

// Deadline is when an activity stops taking registrations: its
// registration_deadline, else its start.
func Deadline(activity *core.Record) time.Time {
	if d := activity.GetDateTime("registration_deadline"); !d.IsZero() {
		return d.Time()
	}
	return activity.GetDateTime("starts_at").Time()
}

// MaxPeople is the most people one registration of the activity may bring:
// its max_people, never more than its capacity (a larger family could never
// get in), nor than the schema's 10 adults and 10 children.
func MaxPeople(activity *core.Record) int {
	most := 20
	if m := activity.GetInt("max_people"); m > 0 && m < most {
		most = m
	}
	if c := activity.GetInt("capacity"); c > 0 && c < most {
		most = c
	}
	return most
}

// started reports whether the activity has begun: nothing about its seats
// moves any more.
func started(activity *core.Record) bool {
	return !activity.GetDateTime("starts_at").Time().After(now())
}

// checkOpen refuses asking for seats at an activity that does not take new
// registrations (or more people), with the reason. A hidden activity
// (three accounts reported it) takes none until staff decide, whoever asks
// and however they know its id (TestRegistrationsRefusedWithTheirReason).
func checkOpen(activity *core.Record) error {
	switch {
	case activity.GetBool("hidden"):
		return refusal("activity", CodeHidden, "This activity is paused while the centre's staff review it.")
	case activity.GetString("status") == "cancelled":
		return refusal("activity", CodeCancelled, "This date has been cancelled.")
	case activity.GetString("status") != "approved" || started(activity):
		return closedError()
	case !Deadline(activity).After(now()):
		return refusal("activity", CodeDeadline, "The deadline for registering has passed.")
	}
	return nil
}

// checkPeople refuses a registration bringing more people than allowed.
func checkPeople(activity, reg *core.Record) error {
	if people(reg) > MaxPeople(activity) {
		return refusal("adults", CodeTooMany, "Too many people for one registration.")
	}
	return nil
}
