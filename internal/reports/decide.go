package reports

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

// The outcomes of staff looking at an activity's reports.
const (
	Dismiss = "dismiss" // the activity is fine: it shows again
	Cancel  = "cancel"  // the activity will not take place: cancelled, shown as such
	Reject  = "reject"  // the activity should not be there: rejected, off the calendar
)

// Decision is staff's answer to an activity's open reports.
type Decision struct {
	Outcome string
	// Reason is what the owners read (moderation_reason); needed to cancel
	// or reject.
	Reason string
}

// Decide answers all the open reports of an activity at once, in one
// transaction with its audit line: dismissed (the activity shows again) or
// acted (cancelled or rejected with the reason; it shows as its status
// says). Staff only; reports already decided (by someone else a moment
// before) are refused with report_none_open and nothing changes. The
// dismiss_reports and act_on_reports mutations call it.
func Decide(txApp core.App, auth *core.Record, activityID string, d Decision) (*core.Record, error) {
	if !vocab.IsStaff(auth) {
		return nil, router.NewForbiddenError(CodeStaffOnly, fieldError("request", CodeStaffOnly, "Only staff decide about reports."))
	}
	d.Reason = strings.TrimSpace(d.Reason)
	to := map[string]string{Cancel: "cancelled", Reject: "rejected"}[d.Outcome]
	switch {
	case d.Outcome != Dismiss && to == "":
		return nil, router.NewBadRequestError(CodeUnknownOutcome, fieldError("outcome", CodeUnknownOutcome, "Dismiss the reports, cancel or reject the activity."))
	case to != "" && d.Reason == "":
		return nil, router.NewBadRequestError(CodeDecisionReason, fieldError("reason", CodeDecisionReason, "Write the reason the organisers will read."))
	case len([]rune(d.Reason)) > 1000:
		return nil, router.NewBadRequestError("validation_max_text_constraint",
			fieldError("reason", "validation_max_text_constraint", "Must be no more than 1000 character(s)."))
	}
	var activity *core.Record
	err := txApp.RunInTransaction(func(txApp core.App) error {
		var err error
		if activity, err = txApp.FindRecordById("activities", activityID); err != nil {
			return router.NewNotFoundError("", nil)
		}
		open, err := txApp.FindAllRecords(Collection, dbx.HashExp{"activity": activityID, "status": Open})
		if err != nil {
			return err
		}
		if len(open) == 0 {
			return router.NewBadRequestError(CodeNoneOpen, fieldError("request", CodeNoneOpen, "These reports have already been decided."))
		}
		state := Acted
		if d.Outcome == Dismiss {
			state = Dismissed
		}
		now := types.NowDateTime()
		for _, r := range open {
			r.Set("status", state)
			r.Set("decided_at", now)
			if auth.Collection().Name == "users" {
				r.Set("decided_by", auth.Id)
			}
			if err := txApp.Save(r); err != nil {
				return err
			}
		}
		line := moderation.Decision{Collection: "activities", RecordID: activityID, Detail: fmt.Sprintf("%d reports", len(open))}
		if d.Outcome == Dismiss {
			line.Action, line.From, line.To = "dismiss_reports", visible, visible
			if activity.GetBool("hidden") {
				line.From = hiddenState
			}
		} else {
			line.Action, line.From, line.To, line.Reason = "act_on_reports", activity.GetString("status"), to, d.Reason
			activity.Set("status", to)
			activity.Set("moderation_reason", d.Reason)
		}
		activity.Set("hidden", false)
		if err := txApp.Save(activity); err != nil {
			return err
		}
		return moderation.Append(txApp, auth, line)
	})
	return activity, err
}
