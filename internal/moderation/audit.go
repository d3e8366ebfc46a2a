// Package moderation carries staff decisions: which status changes each role
// may make to an activity, and the immutable audit log that records every
// decision (approve, reject, ask for changes, cancel, publish, verify an
// organization, change a role, accept a member).
package moderation

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// Decision is one line of the audit log.
type Decision struct {
	Action     string
	Collection string
	RecordID   string
	From, To   string
	Reason     string
}

// errAuditImmutable is returned to anyone, superusers included, who tries to
// change history.
var errAuditImmutable = errors.New("the audit log cannot be changed or deleted")

// saveAudited lets the request save its record and writes the decision about
// it in the same transaction, so that neither lands without the other.
func saveAudited(e *core.RecordRequestEvent, d Decision) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		d.Collection, d.RecordID = e.Record.Collection().Name, e.Record.Id
		return record(txApp, e.Auth, d)
	})
}

// record writes a decision taken by actor.
func record(txApp core.App, actor *core.Record, d Decision) error {
	collection, err := txApp.FindCachedCollectionByNameOrId("audit_log")
	if err != nil {
		return err
	}
	entry := core.NewRecord(collection)
	entry.Set("actor_id", actor.Id)
	entry.Set("actor_name", actorName(actor))
	entry.Set("action", d.Action)
	entry.Set("target_collection", d.Collection)
	entry.Set("target_id", d.RecordID)
	entry.Set("from_status", d.From)
	entry.Set("to_status", d.To)
	entry.Set("reason", d.Reason)
	return txApp.Save(entry)
}

func actorName(actor *core.Record) string {
	if name := actor.GetString("name"); name != "" {
		return name
	}
	return actor.Email()
}

// protectAuditLog makes the audit log append-only at the model level, below
// the API rules, so no hook, admin screen or script can rewrite it.
func protectAuditLog(app core.App) {
	app.OnRecordUpdate("audit_log").BindFunc(func(e *core.RecordEvent) error {
		return errAuditImmutable
	})
	app.OnRecordDelete("audit_log").BindFunc(func(e *core.RecordEvent) error {
		return errAuditImmutable
	})
}
