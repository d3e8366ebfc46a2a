package groups

import (
	"fmt"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

func staffOnly() error {
	return router.NewForbiddenError("", validation.Errors{"request": validation.NewError("staff_only", "Only the centre's staff can do this")})
}

// Save creates or changes a group as staff member by: r holds the group
// with the changes asked for (name and description multilingual, place,
// join policy, public, age bands, sensitive: its notices neutral on the
// lock screen, internal/notify), save stores it inside txApp (the
// caller's transaction; the collection and internal/multitext validate it
// there, as for any save), and the change is written to the audit log in
// the same transaction (create_group, or update_group with the fields that
// changed). The records API's hooks and the create_group and update_group
// mutations call it; a mediator translating a public group's texts goes
// the records API's way for translations instead.
func Save(txApp core.App, by, r *core.Record, save func() error) error {
	if !vocab.IsStaff(by) {
		return staffOnly()
	}
	action, from, to, detail := "create_group", "", r.GetString("join_policy"), ""
	if !r.IsNew() {
		action, from = "update_group", r.Original().GetString("join_policy")
		detail = changedFields(r)
		if detail == "" {
			return save() // nothing changed: nothing to audit
		}
	}
	if err := save(); err != nil {
		return err
	}
	return moderation.Append(txApp, by, moderation.Decision{Action: action, Collection: "groups", RecordID: r.Id, From: from, To: to, Detail: detail})
}

// changedFields names the fields a change touches, in the collection's order.
func changedFields(r *core.Record) string {
	var names []string
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if name == "updated" || name == "created" {
			continue
		}
		if fmt.Sprint(r.Get(name)) != fmt.Sprint(r.Original().Get(name)) {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// Remove takes a member out of a group, as staff member by, audited in the
// same transaction (remove_member, active to removed); a request to join
// that staff remove is declined (decide_membership, pending to declined,
// as Decide's decline, which calls it). The person may join again. del
// deletes the membership inside txApp. The records API's delete hook (a
// staff member deleting someone else's membership), the remove_member
// mutation and Decide call it.
func Remove(txApp core.App, by, m *core.Record, del func() error) error {
	if !vocab.IsStaff(by) {
		return staffOnly()
	}
	if err := del(); err != nil {
		return err
	}
	action, to := "remove_member", "removed"
	if m.GetString("status") == "pending" {
		action, to = "decide_membership", "declined"
	}
	return moderation.Append(txApp, by, moderation.Decision{Action: action, Collection: "memberships", RecordID: m.Id,
		From: m.GetString("status"), To: to, Detail: "group " + m.GetString("group")})
}
