// Package moderation carries staff decisions: which status changes each role
// may make to an activity, and the audit log that records every decision
// (approve, reject, ask for changes, cancel, publish, verify an organization,
// change a role, accept a member) and every mediator's translation.
//
// The audit log keeps who by account id only, never a name or an e-mail:
// once an account is deleted, its lines hold no personal data and the id
// points to nothing (a screen that shows the log resolves names then).
package moderation

import (
	"github.com/pocketbase/pocketbase/core"
)

// AuditCollection is the name of the audit log's collection.
const AuditCollection = "audit_log"

// Decision is one line of the audit log.
type Decision struct {
	Action     string
	Collection string
	RecordID   string
	From, To   string
	Reason     string
	// Detail says what changed when the status does not (a translation:
	// which fields, which languages).
	Detail string
}

// saveAudited lets the request save its record and writes the decision about
// it in the same transaction, so that neither lands without the other
// (TestDecisionAndAuditLineLandTogether).
func saveAudited(e *core.RecordRequestEvent, d Decision) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		d.Collection, d.RecordID = e.Record.Collection().Name, e.Record.Id
		return Append(txApp, e.Auth, d)
	})
}

// Append writes a decision taken by actor. Call it inside the transaction
// that saves the decision; the entry joins the hash chain there (chain.go).
func Append(txApp core.App, actor *core.Record, d Decision) error {
	collection, err := txApp.FindCachedCollectionByNameOrId(AuditCollection)
	if err != nil {
		return err
	}
	entry := core.NewRecord(collection)
	entry.Set("actor_id", actor.Id)
	entry.Set("action", d.Action)
	entry.Set("target_collection", d.Collection)
	entry.Set("target_id", d.RecordID)
	entry.Set("from_status", d.From)
	entry.Set("to_status", d.To)
	entry.Set("reason", d.Reason)
	entry.Set("detail", d.Detail)
	return txApp.Save(entry)
}
