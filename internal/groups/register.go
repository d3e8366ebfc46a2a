// Package groups decides group memberships: joining an open group is
// immediate, joining a group "by approval" waits for staff.
package groups

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// MustRegister binds the membership policy to membership requests.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("memberships").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubMembershipJoin",
		Func: func(e *core.RecordRequestEvent) error {
			if err := Join(e.App, e.Auth, e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
	// Staff's creates and changes of groups, and their removal of someone
	// else's membership, are audited by Save and Remove (a mediator's
	// translation is audited by internal/moderation; a family leaving is
	// their own business).
	app.OnRecordCreateRequest("groups").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubGroupCreate", Func: saveGroup})
	app.OnRecordUpdateRequest("groups").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubGroupUpdate", Func: saveGroup})
	app.OnRecordDeleteRequest("memberships").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubMembershipRemove",
		Func: func(e *core.RecordRequestEvent) error {
			if e.Auth == nil || e.Auth.Id == e.Record.GetString("user") || !vocab.IsStaff(e.Auth) {
				return e.Next()
			}
			return e.App.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return Remove(txApp, e.Auth, e.Record, e.Next)
			})
		},
	})
}

func saveGroup(e *core.RecordRequestEvent) error {
	if !vocab.IsStaff(e.Auth) {
		return e.Next() // a mediator translating (the update rule let them)
	}
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		return Save(txApp, e.Auth, e.Record, e.Next)
	})
}

// Join decides the status of a new membership before it is saved: staff
// adding someone may say it (active unless they do); anyone else joining
// an open group is active at once, a group "by approval" leaves them
// pending until staff decide. Every path that creates a membership (the
// records API, sync mutations) calls it.
func Join(app core.App, auth, membership *core.Record) error {
	if vocab.IsStaff(auth) {
		if membership.GetString("status") == "" {
			membership.Set("status", "active")
		}
		return nil
	}
	group, err := app.FindRecordById("groups", membership.GetString("group"))
	if err != nil {
		return router.NewNotFoundError("", err)
	}
	status := "pending"
	if group.GetString("join_policy") == "open" {
		status = "active"
	}
	membership.Set("status", status)
	return nil
}
