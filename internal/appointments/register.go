// Package appointments owns a family's request for a listening space or a
// psycho-pedagogical consultation: what a request must say (Request), and
// its state machine (Move), on every path: the records API's hooks below,
// the phone's mutations (internal/mutations) and staff's own calls
// (Propose, Close). docs/ARCHITECTURE.md, "Appointment requests".
//
// Only the family that asked and staff ever see a request: the collection's
// view rule, and internal/changelog's audience user:<id> for the sync feed.
package appointments

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Collection is the requests' collection.
const Collection = "appointment_requests"

// MustRegister binds Request to creates and Move to updates through the
// records API (the hooks only translate the request into those calls), and
// schedules the daily deletion of requests older than retentionMonths
// (Expire).
func MustRegister(app core.App, retentionMonths int) {
	scheduleRetention(app, retentionMonths)
	app.OnRecordCreateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubAppointmentRequest",
		Func: func(e *core.RecordRequestEvent) error {
			if err := Request(e.App, e.Auth, e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
	app.OnRecordUpdateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubAppointmentMove",
		Func: func(e *core.RecordRequestEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return Move(txApp, e.Auth, e.Record, e.Next)
			})
		},
	})
}
