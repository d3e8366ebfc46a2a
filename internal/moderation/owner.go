package moderation

import (
	"reflect"
	"sort"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ownerMoves are the status changes an owner (the proposer, or a member of
// the proposing organization) may make; staff may make any. "cancelled" has
// no moves: only staff reopen a cancelled activity. A published activity
// only goes to "cancelled": its owner's edits become a revision instead of
// taking it off the calendar.
var ownerMoves = map[string][]string{
	"draft":             {"pending"},
	"pending":           {"draft"},
	"changes_requested": {"pending", "draft"},
	"rejected":          {"pending", "draft"},
	"approved":          {"cancelled"},
}

// publicStatuses are the statuses anyone may read (the activities list and
// view rules): text in them has been reviewed by staff.
var publicStatuses = map[string]bool{"approved": true, "cancelled": true}

// ApplyOwnerEdit is what an owner may change in an activity, given the state
// it is in. It is the one place of this rule: the records API hook and the
// proposal mutations (internal/mutations) call it, inside the transaction
// that saves edited. edited carries the change on top of its Original();
// ApplyOwnerEdit refuses it with a stable code, or shapes what is saved:
//
//   - an edit of a published (approved) activity becomes its revision
//     (activity_revisions, written here by owner): edited is put back as it
//     was, so the approved version stays on the public calendar, and on the
//     calendars of the families who registered, until staff approve the
//     change (ApproveRevision) or reject it (RejectRevision);
//   - cancelling a published activity changes its status only: the text of
//     a cancelled activity, which stays public, is frozen for its owner (only
//     staff change it), and a revision still waiting is dropped;
//   - the other status changes follow ownerMoves (never to "approved").
//
// Proved by TestOwnerEditsFollowTheActivityState,
// TestCancelledActivityTextIsFrozenForItsOwner and
// TestARevisionKeepsTheApprovedVersionPublic.
func ApplyOwnerEdit(app core.App, owner, edited *core.Record) error {
	original := edited.Original()
	from, to := original.GetString("status"), edited.GetString("status")
	changed := changedFields(original, edited, "status")

	if to != from && !canMove(from, to) {
		return validation.Errors{"status": statusError()}
	}
	if len(changed) > 0 && (from == "cancelled" || to == "cancelled") {
		return validation.Errors{changed[0]: validation.NewError("activity_cancelled_frozen",
			"A cancelled activity cannot be changed: ask the centre's staff")}
	}
	if from == "approved" && to == "cancelled" {
		return dropRevision(app, edited.Id)
	}
	if publicStatuses[to] && len(changed) > 0 {
		// Only "approved" can get here (cancelled is handled above): the
		// edited text waits for staff beside the published one.
		return saveRevision(app, owner, edited, changed)
	}
	return nil
}

func canMove(from, to string) bool {
	for _, allowed := range ownerMoves[from] {
		if allowed == to {
			return true
		}
	}
	return false
}

// changedFields lists, sorted, the fields whose value edited changes,
// except the server's "updated" and those in except.
func changedFields(original, edited *core.Record, except ...string) []string {
	skip := map[string]bool{"updated": true}
	for _, name := range except {
		skip[name] = true
	}
	var changed []string
	for _, field := range edited.Collection().Fields {
		name := field.GetName()
		if skip[name] {
			continue
		}
		if !reflect.DeepEqual(original.Get(name), edited.Get(name)) {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	return changed
}

func statusError() error {
	return validation.NewError("validation_status_change", "This status change is not allowed")
}
