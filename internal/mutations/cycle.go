package mutations

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/registration"
)

// register_cycle registers a family for several dates of one cycle (the
// activities sharing a series, like the five A.Pe meetings) at once: the
// whole cycle, or the dates it chose. Each date is its own registration,
// decided on its own seats (going at one, waitlisted at another).
func init() {
	Register("register_cycle", registerCycle)
}

// CycleDate is one date of the cycle and the registration id the phone made
// for it.
type CycleDate struct {
	Activity     string `json:"activity"`
	Registration string `json:"registration"`
}

// RegisterCycleArgs: who comes, to which dates.
type RegisterCycleArgs struct {
	Dates    []CycleDate `json:"dates"`
	Adults   int         `json:"adults"`
	Children int         `json:"children"`
}

// MaxCycleDates bounds one cycle registration.
const MaxCycleDates = 60

func (a *RegisterCycleArgs) Validate() error {
	if len(a.Dates) == 0 || len(a.Dates) > MaxCycleDates {
		return badArgs("dates")
	}
	seen := map[string]bool{}
	for _, d := range a.Dates {
		if err := checkRecordID("registration", d.Registration); err != nil {
			return err
		}
		if d.Activity == "" || seen[d.Activity] || seen[d.Registration] {
			return badArgs("dates")
		}
		seen[d.Activity], seen[d.Registration] = true, true
	}
	return nil
}

// registerCycle applies the dates in one transaction (the mutation's): a
// date already closed (past, after its deadline, cancelled) or already
// registered is left out and named in decided.dates with its code; the
// others are registered. If no date could be registered, the mutation is
// refused with the first date's reason.
func registerCycle(c *Call, a *RegisterCycleArgs) (Result, error) {
	series := ""
	for _, d := range a.Dates {
		activity, err := c.Find("activities", d.Activity)
		if err != nil {
			return Result{}, err
		}
		s := activity.GetString("series")
		if s == "" || (series != "" && s != series) {
			return Result{}, refusalOf("dates", registration.CodeNotInCycle, "These dates are not of one cycle.")
		}
		series = s
	}
	decided := map[string]any{}
	var first error
	var last *core.Record
	for _, d := range a.Dates {
		// A refused date writes nothing: every refusal comes before its
		// save (or is the save's own constraint), so the others are kept.
		res, err := register(c, &RegisterArgs{Registration: d.Registration, Activity: d.Activity, Adults: a.Adults, Children: a.Children})
		if err != nil {
			refusal, ok := asRefusal(err)
			if !ok {
				return Result{}, err
			}
			if first == nil {
				first = refusal
			}
			decided[d.Activity] = codeOf(refusal)
			continue
		}
		decided[d.Activity] = res.Record.GetString("status")
		last = res.Record
	}
	if last == nil {
		return Result{}, first
	}
	return Result{Record: last, Decided: map[string]any{"dates": decided}}, nil
}

func refusalOf(field, code, message string) error {
	return router.NewBadRequestError(message, validation.Errors{field: validation.NewError(code, message)})
}
