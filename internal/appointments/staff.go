package appointments

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// Staff's side: the propose_appointment and close_appointment mutations
// (the queue, /staff/appointments) call these; the records API (a staff
// PATCH) reaches the same Move.

// CodeStaffOnly refuses Propose and Close to anyone but staff.
const CodeStaffOnly = "staff_only"

// Propose offers the family a date and a place, with an optional note
// (staff_reply: "ring at the second door"), and audits the decision. A
// request that is new, waiting for another date, proposed or confirmed may
// get a (new) proposal; the date must be in the future.
func Propose(app core.App, staff *core.Record, id string, at time.Time, place, note string) (*core.Record, error) {
	return decide(app, staff, id, func(r *core.Record) {
		r.Set("status", Proposed)
		r.Set("proposed_at", at.UTC())
		r.Set("proposed_place", place)
		r.Set("staff_reply", note)
	})
}

// Close marks a request done (the appointment took place, or staff dealt
// with it otherwise), and audits it.
func Close(app core.App, staff *core.Record, id string) (*core.Record, error) {
	return decide(app, staff, id, func(r *core.Record) { r.Set("status", Done) })
}

func decide(app core.App, staff *core.Record, id string, change func(r *core.Record)) (*core.Record, error) {
	if !vocab.IsStaff(staff) {
		const msg = "Only the centre's staff can change this."
		return nil, router.NewForbiddenError(msg, validation.Errors{"request": validation.NewError(CodeStaffOnly, msg)})
	}
	var out *core.Record
	err := app.RunInTransaction(func(txApp core.App) error {
		r, err := txApp.FindRecordById(Collection, id)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
		change(r)
		if err := Move(txApp, staff, r, func() error { return txApp.Save(r) }); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}
