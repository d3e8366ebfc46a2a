package moderation

import (
	"github.com/pocketbase/pocketbase/core"
)

// ownerMoves are the status changes a proposer (or a member of the proposing
// organization) may make; staff may make any.
var ownerMoves = map[string][]string{
	"draft":             {"pending"},
	"pending":           {"draft"},
	"changes_requested": {"pending", "draft"},
	"rejected":          {"pending", "draft"},
	"approved":          {"cancelled", "pending"},
}

var staffActions = map[string]string{
	"approved":          "approve",
	"rejected":          "reject",
	"changes_requested": "request_changes",
	"cancelled":         "cancel",
	"pending":           "reopen",
	"draft":             "reopen",
}

func canMove(from, to string) bool {
	for _, allowed := range ownerMoves[from] {
		if allowed == to {
			return true
		}
	}
	return false
}

func isStaff(e *core.RecordRequestEvent) bool {
	return e.HasSuperuserAuth() || (e.Auth != nil && e.Auth.GetString("role") == "staff")
}

// onActivityCreate records staff publishing an activity directly.
func onActivityCreate(e *core.RecordRequestEvent) error {
	if !isStaff(e) || e.Record.GetString("status") != "approved" {
		return e.Next()
	}
	return saveAudited(e, Decision{Action: "publish", To: "approved"})
}

// onActivityUpdate applies the moderation workflow: staff decisions are
// audited; an owner's edit to a published activity sends it back to
// moderation, so nothing reaches the public calendar unreviewed.
func onActivityUpdate(e *core.RecordRequestEvent) error {
	from := e.Record.Original().GetString("status")
	to := e.Record.GetString("status")

	if !isStaff(e) {
		if e.Auth != nil && e.Auth.GetString("role") == "mediator" {
			return e.Next() // translations only, enforced by multitext
		}
		if to != from && !canMove(from, to) {
			return e.BadRequestError("This status change is not allowed.", map[string]any{
				"status": statusError(),
			})
		}
		if from == "approved" && to == "approved" {
			e.Record.Set("status", "pending")
		}
		return e.Next()
	}

	if to == from {
		return e.Next()
	}
	return saveAudited(e, Decision{Action: staffActions[to], From: from, To: to, Reason: e.Record.GetString("moderation_reason")})
}
