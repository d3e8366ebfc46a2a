package moderation

import (
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/vocab"
)

// Verdict is a staff decision on what waits in the moderation queue: a
// proposal (Activity, status "pending") or a change to a published activity
// (Revision, status "pending").
type Verdict struct {
	Activity string // a proposal's id, or
	Revision string // a revision's id
	// Action is approve, reject or request_changes.
	Action string
	// Seen is the "updated" of the proposal or revision as the staff member
	// saw it: a decision on something that changed since (decided by
	// someone else, edited again by its owner) is refused.
	Seen string
	// ReasonTemplate is one of vocab.ReasonTemplates; ReasonText the free
	// text. Reject and request_changes need one of them
	// (pb_hooks/moderation.pb.js for proposals).
	ReasonTemplate string
	ReasonText     string
	// Edits are the text fields staff changed before approving (their
	// multilingual values), applied with the approval.
	Edits map[string]any
}

// Actions of a verdict and the status each gives a proposal.
var verdictStatus = map[string]string{
	"approve":         "approved",
	"reject":          "rejected",
	"request_changes": "changes_requested",
}

// EditableFields are the texts staff may correct before approving.
var EditableFields = []string{"title", "summary", "body", "location_note"}

// Decide takes a staff decision on a proposal or a revision: it checks that
// the actor is staff, that the thing is still waiting as the staff member
// saw it, applies the decision (status, reason, template, edits) and
// writes the audit line, all in one transaction: nothing lands without the
// other, and of two staff deciding the same proposal the second is refused
// with who decided and when, nothing overwritten
// (TestTwoStaffDecidingTheSameProposal). The records API hook
// (onActivityUpdate) and the sync mutations decide_activity and
// decide_revision call it. Returns the record as saved (the activity, or
// the revision, which an approval deletes: then the activity).
func Decide(app core.App, staff *core.Record, v Verdict) (*core.Record, error) {
	if err := staffOnly(staff); err != nil {
		return nil, err
	}
	if err := v.validate(); err != nil {
		return nil, err
	}
	var saved *core.Record
	err := app.RunInTransaction(func(txApp core.App) error {
		var err error
		if v.Revision != "" {
			saved, err = decideRevision(txApp, staff, v)
			return err
		}
		activity, err := txApp.FindRecordById("activities", v.Activity)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
		if err := v.applyTo(txApp, activity); err != nil {
			return err
		}
		saved = activity
		if err := decideProposal(txApp, staff, activity, v, func() error { return txApp.Save(activity) }); err != nil {
			return err
		}
		return decideCycle(txApp, staff, activity, v)
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

func (v *Verdict) validate() error {
	v.ReasonText = strings.TrimSpace(v.ReasonText)
	if _, ok := verdictStatus[v.Action]; !ok {
		return badVerdict("action", "moderation_action_unknown", "This decision is not one staff can take")
	}
	if v.ReasonTemplate != "" && !vocab.IsReasonTemplate(v.ReasonTemplate) {
		return badVerdict("reason_template", "moderation_template_unknown", "This reason is not in the list")
	}
	if len(v.ReasonText) > 1000 {
		return badVerdict("reason_text", "validation_length_out_of_range", "Too long")
	}
	if len(v.Edits) > 0 && v.Action != "approve" {
		return badVerdict("edits", "moderation_edits_only_approve", "Staff correct the text only when they approve")
	}
	for name := range v.Edits {
		if !editable(name) {
			return badVerdict(name, "moderation_edit_not_allowed", "Only the texts can be corrected before approving")
		}
	}
	return nil
}

func editable(name string) bool {
	for _, f := range EditableFields {
		if f == name {
			return true
		}
	}
	return false
}

func badVerdict(field, code, msg string) error {
	return router.NewBadRequestError("", validation.Errors{field: validation.NewError(code, msg)})
}

// applyTo puts the verdict on a proposal loaded for saving: status, the
// reason of this decision only (never one an earlier decision left), the
// staff's corrections.
func (v Verdict) applyTo(txApp core.App, activity *core.Record) error {
	activity.Set("status", verdictStatus[v.Action])
	activity.Set("moderation_reason", v.ReasonText)
	activity.Set("moderation_template", v.ReasonTemplate)
	for name, value := range v.Edits {
		activity.Set(name, value)
	}
	return nil
}

// decideProposal checks, inside the transaction, that the proposal is
// still waiting as seen (v.Seen, else what the caller loaded), saves it and
// audits the decision. save is the caller's save: the records API's own
// (its hooks, its answer) or the mutation's.
func decideProposal(txApp core.App, staff, activity *core.Record, v Verdict, save func() error) error {
	stored, err := txApp.FindRecordById("activities", activity.Id)
	if err != nil {
		return router.NewNotFoundError("", nil)
	}
	seen := v.Seen
	if seen == "" {
		seen = activity.Original().GetString("updated")
	}
	if stored.GetString("status") != "pending" {
		return decidedBefore(txApp, activity.Id, "activities")
	}
	if !sameTime(stored.GetString("updated"), seen) {
		return changedSinceSeen()
	}
	if v.ReasonText == "" && v.ReasonTemplate == "" && needsReason(txApp, verdictStatus[v.Action]) {
		return reasonRequired()
	}
	if err := save(); err != nil {
		return err
	}
	return Append(txApp, staff, Decision{Action: v.Action, Collection: "activities", RecordID: activity.Id,
		From: "pending", To: verdictStatus[v.Action], Reason: v.ReasonText, Detail: v.detail()})
}

// decideCycle gives a cycle's other dates still waiting (a proposal of
// several dates sharing a "proposal-" series, which the proposer submits
// together) the decision taken on one of them, each with its audit line
// (TestACycleIsDecidedAsOneProposal).
func decideCycle(txApp core.App, staff, decided *core.Record, v Verdict) error {
	series := decided.GetString("series")
	if !strings.HasPrefix(series, "proposal-") {
		return nil
	}
	dates, err := txApp.FindRecordsByFilter("activities", "series = {:s} && status = 'pending' && id != {:id}", "", 0, 0,
		dbx.Params{"s": series, "id": decided.Id})
	if err != nil {
		return err
	}
	for _, date := range dates {
		if err := v.applyTo(txApp, date); err != nil {
			return err
		}
		v := v
		v.Seen = date.GetString("updated")
		if err := decideProposal(txApp, staff, date, v, func() error { return txApp.Save(date) }); err != nil {
			return err
		}
	}
	return nil
}

// decideRevision approves (applies, with the staff's corrections, then
// deletes) a revision, or keeps it with the reason, "rejected" or
// "changes_requested" (the owner reads which).
func decideRevision(txApp core.App, staff *core.Record, v Verdict) (*core.Record, error) {
	rev, err := txApp.FindRecordById(RevisionCollection, v.Revision)
	if err != nil {
		return nil, decidedBefore(txApp, "", RevisionCollection, v.Revision)
	}
	activityID := rev.GetString("activity")
	if rev.GetString("status") != "pending" {
		return nil, decidedBefore(txApp, activityID, RevisionCollection, v.Revision)
	}
	if v.Seen != "" && !sameTime(rev.GetString("updated"), v.Seen) {
		return nil, changedSinceSeen()
	}
	if v.Action != "approve" {
		if v.ReasonText == "" && v.ReasonTemplate == "" && needsReason(txApp, verdictStatus[v.Action]) {
			return nil, reasonRequired()
		}
		rev.Set("status", verdictStatus[v.Action])
		rev.Set("reason", v.ReasonText)
		rev.Set("reason_template", v.ReasonTemplate)
		if err := txApp.Save(rev); err != nil {
			return nil, err
		}
		return rev, Append(txApp, staff, Decision{Action: v.Action + "_revision", Collection: "activities", RecordID: activityID,
			From: "approved", To: "approved", Reason: v.ReasonText, Detail: v.detail("revision " + rev.Id)})
	}
	activity, names, err := applyRevision(txApp, rev)
	if err != nil {
		return nil, err
	}
	for name, value := range v.Edits {
		activity.Set(name, value)
	}
	if err := txApp.Save(activity); err != nil {
		return nil, err
	}
	if err := txApp.Delete(rev); err != nil {
		return nil, err
	}
	return activity, Append(txApp, staff, Decision{Action: "approve_revision", Collection: "activities", RecordID: activityID,
		From: "approved", To: "approved", Reason: v.ReasonText, Detail: v.detail("revision " + rev.Id + ": " + strings.Join(names, ", "))})
}

// detail is the audit line's detail: what the line is about besides the
// status, the reason's template, the fields staff corrected.
func (v Verdict) detail(about ...string) string {
	parts := about
	if v.ReasonTemplate != "" {
		parts = append(parts, "template "+v.ReasonTemplate)
	}
	if len(v.Edits) > 0 {
		names := make([]string, 0, len(v.Edits))
		for name := range v.Edits {
			names = append(names, name)
		}
		parts = append(parts, "edited "+strings.Join(sorted(names), ", "))
	}
	return strings.Join(parts, "; ")
}

func sameTime(a, b string) bool {
	ta, errA := types.ParseDateTime(a)
	tb, errB := types.ParseDateTime(b)
	return errA == nil && errB == nil && ta.Time().Equal(tb.Time())
}

func reasonRequired() error {
	return router.NewBadRequestError("", validation.Errors{"moderation_reason": validation.NewError("moderation_reason_required", "Write the reason: the proposer will read it.")})
}

func changedSinceSeen() error {
	return router.NewApiError(409, "", validation.Errors{"request": validation.NewError("moderation_changed_since_seen",
		"This proposal changed after you opened it: look at it again before deciding")})
}
