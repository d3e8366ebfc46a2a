// Package announcements is staff's messages to a group or to everyone
// (docs/ARCHITECTURE.md, "Announcements"): Post and Withdraw, the one
// function of each, called by the records API's hooks below and by the
// post_announcement and withdraw_announcement mutations
// (internal/mutations); the change log's audiences, which mirror the view
// rule (pb_migrations/1765300000_announcements.js); and the rows that follow
// a group turning private or public, or being deleted.
package announcements

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/changelog"
)

// Collection is where announcements are kept.
const Collection = "announcements"

// MustRegister binds Post to creates and Withdraw to updates through the
// records API (the hooks only translate the request into those calls),
// syncs announcements and keeps their rows following their group.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubAnnouncementPost",
		Func: func(e *core.RecordRequestEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return Post(txApp, e.Auth, e.Record, e.Next)
			})
		},
	})
	app.OnRecordUpdateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubAnnouncementWithdraw",
		Func: func(e *core.RecordRequestEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return Withdraw(txApp, e.Auth, e.Record, e.Next)
			})
		},
	})
	changelog.Track(app, Collection, audiences, nil)
	bindGroupChanges(app)
}

// audiences mirror the view rule: `(status = "published" && (group = "" ||
// group.public = true || group.memberships_via_group.user ?= me)) || staff`.
// A withdrawn one is for staff only (audience Staff, which no other reader
// holds), so the phones that had it get a tombstone.
func audiences(app core.App, r *core.Record) ([]string, error) {
	if r.GetString("status") != "published" {
		return []string{changelog.Staff}, nil
	}
	g := r.GetString("group")
	if g == "" {
		return []string{changelog.Public}, nil
	}
	group, err := app.FindRecordById("groups", g)
	if err == nil && group.GetBool("public") {
		return []string{changelog.Public}, nil
	}
	// A private group's, or one whose group is being deleted (its rows
	// for the public, if it was public, come from bindGroupChanges).
	return []string{changelog.Group(g)}, nil
}

// bindGroupChanges: an announcement's readers change with its group's
// `public` flag, and with the group's deletion (its announcements go with
// it, when the group can no longer be read), without a write of the
// announcement. In the group's write's transaction, each published
// announcement of the group gets rows for the readers before and after.
func bindGroupChanges(app core.App) {
	log := func(e *core.RecordEvent, deleting bool) error {
		return e.App.RunInTransaction(func(txApp core.App) error {
			outer := e.App
			e.App = txApp
			defer func() { e.App = outer }()
			before, err := txApp.FindRecordById("groups", e.Record.Id) // as committed, not the caller's copy
			if err != nil {
				return err
			}
			var ids []string
			err = txApp.DB().Select("id").From(Collection).
				Where(dbx.HashExp{"group": e.Record.Id, "status": "published"}).Column(&ids)
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			if !deleting && before.GetBool("public") == e.Record.GetBool("public") {
				return nil
			}
			readers := []string{changelog.Group(e.Record.Id)}
			if before.GetBool("public") || (!deleting && e.Record.GetBool("public")) {
				readers = append(readers, changelog.Public)
			}
			for _, id := range ids {
				if err := changelog.Touch(txApp, Collection, id, readers); err != nil {
					return err
				}
			}
			return nil
		})
	}
	id := "hubAnnouncementsFollowTheirGroup"
	app.OnRecordUpdateExecute("groups").Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, false)
	}})
	app.OnRecordDeleteExecute("groups").Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, true)
	}})
}
