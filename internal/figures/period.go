package figures

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/cremona/hug/internal/vocab"
)

// Codes of a refused period (message ids of locales/).
const (
	CodeBadDate  = "figures_bad_date"
	CodeReversed = "figures_period_reversed"
	CodeTooLong  = "figures_period_too_long"
)

// MaxDays is the longest period one report covers (ten years).
const MaxDays = 3660

// Period is a span of whole days in the centre's time zone: from the start
// of From to the end of To (both included).
type Period struct {
	From, To time.Time // midnight in vocab.TimeZone
}

// End is the instant the period ends: midnight after To.
func (p Period) End() time.Time { return p.To.AddDate(0, 0, 1) }

// ParsePeriod reads ?from=YYYY-MM-DD&to=YYYY-MM-DD. A malformed or missing
// date, a period that ends before it starts, or one longer than MaxDays is
// refused with a code.
func ParsePeriod(from, to string) (Period, error) {
	f, errF := time.ParseInLocation(time.DateOnly, from, vocab.TimeZone)
	t, errT := time.ParseInLocation(time.DateOnly, to, vocab.TimeZone)
	errs := validation.Errors{}
	if errF != nil {
		errs["from"] = validation.NewError(CodeBadDate, "Write the date as YYYY-MM-DD.")
	}
	if errT != nil {
		errs["to"] = validation.NewError(CodeBadDate, "Write the date as YYYY-MM-DD.")
	}
	if len(errs) > 0 {
		return Period{}, errs
	}
	if t.Before(f) {
		return Period{}, validation.Errors{"to": validation.NewError(CodeReversed, "The period ends before it starts.")}
	}
	if t.Sub(f) > MaxDays*24*time.Hour {
		return Period{}, validation.Errors{"to": validation.NewError(CodeTooLong, "The period is too long.")}
	}
	return Period{From: f, To: t}, nil
}
