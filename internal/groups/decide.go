package groups

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

// CodeNotPending refuses a decision about a request to join that was
// already decided (message id in locales/).
const CodeNotPending = "membership_not_pending"

// Decide is staff's answer to a request to join a group "by approval": an
// approved membership becomes active, a declined one is deleted (the family
// sees the group as before and may ask again; a "declined" membership
// would keep showing a private group to them). Either way the decision is
// written to the audit log in the same transaction (decide_membership,
// pending to active or declined). The staff console (a later issue) calls
// it; a staff PATCH of the status through the records API is audited by
// internal/moderation.
func Decide(app core.App, staff *core.Record, membershipID string, approve bool) error {
	if !vocab.IsStaff(staff) {
		return router.NewForbiddenError("Only staff can do this.", nil)
	}
	return app.RunInTransaction(func(txApp core.App) error {
		m, err := txApp.FindRecordById("memberships", membershipID)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
		if m.GetString("status") != "pending" {
			const msg = "This request to join has already been decided."
			return router.NewBadRequestError(msg, map[string]any{"status": validation.NewError(CodeNotPending, msg)})
		}
		if !approve {
			return Remove(txApp, staff, m, func() error { return txApp.Delete(m) })
		}
		m.Set("status", "active")
		if err := txApp.Save(m); err != nil {
			return err
		}
		return moderation.Append(txApp, staff, moderation.Decision{
			Action: "decide_membership", Collection: "memberships", RecordID: m.Id, From: "pending", To: "active"})
	})
}
