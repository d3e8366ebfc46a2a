package moderation

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

var staffActions = map[string]string{
	"approved":          "approve",
	"rejected":          "reject",
	"changes_requested": "request_changes",
	"cancelled":         "cancel",
	"pending":           "reopen",
	"draft":             "reopen",
}

// onActivityCreate records staff publishing an activity directly.
func onActivityCreate(e *core.RecordRequestEvent) error {
	if !vocab.IsStaff(e.Auth) || e.Record.GetString("status") != "approved" {
		return e.Next()
	}
	return saveAudited(e, Decision{Action: "publish", To: "approved", Reason: requestReason(e)})
}

// onActivityUpdate translates an update request into the moderation rules:
// a staff status change is a decision, audited with the reason sent in this
// request; a mediator's change is checked and audited by the translation
// hooks (internal/multitext, auditTranslations); anyone else reaching here
// through the update rule is an owner, held to ApplyOwnerEdit.
func onActivityUpdate(e *core.RecordRequestEvent) error {
	if vocab.HasRole(e.Auth, vocab.RoleMediator) {
		return e.Next()
	}
	if !vocab.IsStaff(e.Auth) {
		// The revision it may write and the save commit together.
		return e.App.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			if err := ApplyOwnerEdit(txApp, e.Auth, e.Record); err != nil {
				return e.BadRequestError("", err)
			}
			return e.Next()
		})
	}

	from := e.Record.Original().GetString("status")
	to := e.Record.GetString("status")
	if to == from {
		return e.Next()
	}
	// The reason of a decision is the one sent with it, never the one left
	// on the record by an earlier decision (the proposer reads it).
	reason, template := requestReason(e), requestField(e, "moderation_template")
	e.Record.Set("moderation_reason", reason)
	e.Record.Set("moderation_template", template)
	if action, ok := queueAction(from, to); ok {
		// A decision on a waiting proposal: the moderation queue's rule
		// (Decide), with the records API's own save.
		v := Verdict{Activity: e.Record.Id, Action: action, ReasonText: reason, ReasonTemplate: template}
		if err := v.validate(); err != nil {
			return err
		}
		return e.App.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			return decideProposal(txApp, e.Auth, e.Record, v, e.Next)
		})
	}
	return saveAudited(e, Decision{Action: staffActions[to], From: from, To: to, Reason: reason})
}

// queueAction is the verdict a status change makes of a waiting proposal.
func queueAction(from, to string) (string, bool) {
	if from != "pending" {
		return "", false
	}
	for action, status := range verdictStatus {
		if status == to {
			return action, true
		}
	}
	return "", false
}

// requestReason is the moderation reason written in the request itself.
func requestReason(e *core.RecordRequestEvent) string {
	return requestField(e, "moderation_reason")
}

// requestField is a text field of the request's own body, trimmed.
func requestField(e *core.RecordRequestEvent, name string) string {
	info, err := e.RequestInfo()
	if err != nil {
		return ""
	}
	value, _ := info.Body[name].(string)
	return strings.TrimSpace(value)
}
