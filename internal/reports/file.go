package reports

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

// Codes of refused reports and decisions (message ids of locales/).
const (
	CodeNeedsAccount     = "report_needs_account"
	CodeUnknownReason    = "report_reason_unknown"
	CodeNotApproved      = "report_not_approved"
	CodeExists           = "report_exists"
	CodeStaffOnly        = "report_staff_only"
	CodeNoneOpen         = "report_none_open"
	CodeDecisionReason   = "report_decision_reason_required"
	CodeUnknownOutcome   = "report_outcome_unknown"
	CodeHiddenByServer   = "activity_hidden_by_server"
	maxTextRunes         = 500
	hideAction           = "hide_reported"
	visible, hiddenState = "visible", "hidden"
)

func fieldError(field, code, message string) validation.Errors {
	return validation.Errors{field: validation.NewError(code, message)}
}

// File checks a new report (the record, as the person sent it), lets save
// write it and, when it makes HideAfter different accounts with open
// reports on the activity, hides the activity and writes the audit line,
// all in one transaction. A second report of the same activity by the
// same account is refused with report_exists (the phone knows its reports
// and shows "you reported it" instead of the form): a report stays one
// voice, whatever a phone replays.
func File(app core.App, auth, report *core.Record, save func() error) error {
	if auth == nil || auth.Collection().Name != "users" {
		return router.NewForbiddenError(CodeNeedsAccount, fieldError("request", CodeNeedsAccount, "Sign in to report an activity."))
	}
	report.Set("reporter", auth.Id)
	report.Set("status", Open)
	report.Set("decided_by", "")
	report.Set("decided_at", "")
	report.Set("text", strings.TrimSpace(report.GetString("text")))
	if !slices.Contains(vocab.ReportReasons, report.GetString("reason")) {
		return router.NewBadRequestError(CodeUnknownReason, fieldError("reason", CodeUnknownReason, "Choose a reason from the list."))
	}
	if n := len([]rune(report.GetString("text"))); n > maxTextRunes {
		return router.NewBadRequestError("validation_max_text_constraint",
			fieldError("text", "validation_max_text_constraint", fmt.Sprintf("Must be no more than %d character(s).", maxTextRunes)))
	}
	return app.RunInTransaction(func(txApp core.App) error {
		activity, err := visibleActivity(txApp, auth, report.GetString("activity"))
		if err != nil {
			return err
		}
		if activity.GetString("status") != "approved" {
			return router.NewBadRequestError(CodeNotApproved, fieldError("activity", CodeNotApproved, "Only a published activity can be reported."))
		}
		var mine int
		if err := txApp.DB().Select("count(*)").From(Collection).
			Where(dbx.HashExp{"activity": activity.Id, "reporter": auth.Id}).Row(&mine); err != nil {
			return err
		}
		if mine > 0 {
			return router.NewBadRequestError(CodeExists, fieldError("request", CodeExists, "You have already reported this activity."))
		}
		if err := save(); err != nil {
			return err
		}
		return hideIfReported(txApp, auth, activity)
	})
}

// visibleActivity is the activity a report names, if auth may view it; any
// other is "not found", like one that does not exist.
func visibleActivity(txApp core.App, auth *core.Record, id string) (*core.Record, error) {
	activity, err := txApp.FindRecordById("activities", id)
	if err != nil {
		return nil, router.NewNotFoundError("", nil)
	}
	rule := activity.Collection().ViewRule
	info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet, Auth: auth}
	if rule == nil {
		return nil, router.NewNotFoundError("", nil)
	}
	if ok, err := txApp.CanAccessRecord(activity, info, rule); err != nil || !ok {
		return nil, router.NewNotFoundError("", nil)
	}
	return activity, nil
}

// openReporters counts the different accounts with an open report on the
// activity.
func openReporters(txApp core.App, activityID string) (int, error) {
	var n int
	err := txApp.DB().Select("count(DISTINCT reporter)").From(Collection).
		Where(dbx.HashExp{"activity": activityID, "status": Open}).Row(&n)
	return n, err
}

// hideIfReported hides the activity once HideAfter different accounts have
// open reports on it (TestThreeReportsHideAndADismissalRestores).
func hideIfReported(txApp core.App, reporter, activity *core.Record) error {
	if activity.GetBool("hidden") {
		return nil
	}
	n, err := openReporters(txApp, activity.Id)
	if err != nil || n < HideAfter {
		return err
	}
	activity.Set("hidden", true)
	if err := txApp.Save(activity); err != nil {
		return err
	}
	return moderation.Append(txApp, reporter, moderation.Decision{Action: hideAction, Collection: "activities",
		RecordID: activity.Id, From: visible, To: hiddenState, Detail: fmt.Sprintf("%d reports", n)})
}
