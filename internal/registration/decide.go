package registration

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// activityOf loads a registration's activity inside txApp's transaction, so
// the seats counted against it cannot change under the caller.
func activityOf(txApp core.App, reg *core.Record) (*core.Record, error) {
	activity, err := txApp.FindRecordById("activities", reg.GetString("activity"))
	if err != nil {
		return nil, router.NewNotFoundError("", err)
	}
	return activity, nil
}

// Register decides a new registration (going while there are seats for
// everyone it brings, else waitlisted at the end of the queue) and saves
// it with save, all in txApp, which must be a transaction: the records API
// passes its hook chain (e.Next), a sync mutation txApp.Save. Refused, with
// the reason, for a cancelled date, a closed activity, after the deadline
// and for more people than allowed.
func Register(txApp core.App, reg *core.Record, save func() error) error {
	activity, err := activityOf(txApp, reg)
	if err != nil {
		return err
	}
	if err := checkOpen(activity); err != nil {
		return err
	}
	if err := checkPeople(activity, reg); err != nil {
		return err
	}
	if err := seatWhole(txApp, activity, reg); err != nil {
		return err
	}
	return save()
}

// seatWhole decides a registration from scratch: all its people going, or
// all of them at the end of the waiting list.
func seatWhole(txApp core.App, activity, reg *core.Record) error {
	reg.Set("offer_until", "")
	free, err := freeSeats(txApp, activity, reg.Id)
	if err != nil {
		return err
	}
	if people(reg) <= free {
		reg.Set("status", Going)
		reg.Set("waiting", 0)
		reg.Set("queued", 0)
		return nil
	}
	return wait(txApp, activity, reg, people(reg))
}

// wait puts n of the registration's people at the end of the waiting list
// (all of them: waitlisted; fewer: going, with n extra waiting).
func wait(txApp core.App, activity, reg *core.Record, n int) error {
	queued, err := nextInQueue(txApp, activity.Id)
	if err != nil {
		return err
	}
	if n == people(reg) {
		reg.Set("status", Waitlisted)
	} else {
		reg.Set("status", Going)
	}
	reg.Set("waiting", n)
	reg.Set("queued", queued)
	return nil
}

// Change applies a change to an existing registration (reg as it will be
// saved, reg.Original() as stored) and saves it with save; same
// transaction rule as Register. The server's fields (status, waiting,
// queued, offer_until) are decided here whatever the request carried:
//
//   - status cancelled: the registration gives back what it holds and
//     leaves the waiting list (declining an offer this way cancels all);
//   - going on an offer: confirms it, or is refused if it expired;
//   - going after a cancellation: decided anew, like a new registration;
//   - the same or fewer people: nobody loses a seat they hold, not even
//     when staff lowered the capacity below the seats taken;
//   - more people: the seats held are kept and only the extra people wait
//     (or go, if they fit);
//   - another activity (staff moving it): decided anew there; the old
//     activity's seats and waiting list are settled by the save's hook.
func Change(txApp core.App, reg *core.Record, save func() error) error {
	before := reg.Original()
	asked := reg.GetString("status")
	for _, f := range []string{"status", "waiting", "queued", "offer_until"} {
		reg.Set(f, before.Get(f))
	}
	activity, err := activityOf(txApp, reg)
	if err != nil {
		return err
	}
	moved := before.GetString("activity") != reg.GetString("activity")
	grows := people(reg) > people(before)
	switch {
	case asked == Cancelled:
		reg.Set("status", Cancelled)
		reg.Set("waiting", 0)
		reg.Set("queued", 0)
		if before.GetString("status") == Offered {
			reg.Set("offer_until", "") // declined, not expired
		}
	case moved || before.GetString("status") == Cancelled:
		if err := checkOpen(activity); err != nil {
			return err
		}
		if err := checkPeople(activity, reg); err != nil {
			return err
		}
		if err := seatWhole(txApp, activity, reg); err != nil {
			return err
		}
	default:
		if grows {
			if err := checkOpen(activity); err != nil {
				return err
			}
		}
		if err := checkPeople(activity, reg); err != nil {
			return err
		}
		if before.GetString("status") == Offered {
			if err := answerOffer(reg, before, asked); err != nil {
				return err
			}
		}
		if err := reseat(txApp, activity, reg, before); err != nil {
			return err
		}
	}
	return save()
}

// holds is how many seats a stored registration holds.
func holds(r *core.Record) int {
	switch r.GetString("status") {
	case Going:
		return people(r) - r.GetInt("waiting")
	case Offered:
		return people(r)
	}
	return 0
}

// answerOffer applies a change to a registration with an open offer:
// going confirms it (refused once expired); anything else may only lower
// the number of people (the offer is for the seats it offered).
func answerOffer(reg, before *core.Record, asked string) error {
	if asked == Going {
		return confirm(reg)
	}
	if people(reg) > people(before) {
		return refusal("status", CodeOfferPending, "Confirm or decline the offered place first.")
	}
	return nil
}

// reseat decides a registration whose number of people changed (or not),
// keeping the seats it holds: nobody loses a seat they hold, even when
// staff lowered the capacity below the seats taken.
func reseat(txApp core.App, activity, reg, before *core.Record) error {
	switch reg.GetString("status") {
	case Waitlisted:
		if people(reg) > people(before) {
			return wait(txApp, activity, reg, people(reg)) // more people: to the end of the list
		}
		reg.Set("waiting", people(reg)) // the same or fewer: same place
		return nil
	case Offered:
		// Fewer people on an open offer: still offered, for fewer; or, if
		// the seats already held cover them all, simply going.
		seatedPart := people(before) - before.GetInt("waiting")
		if people(reg) <= seatedPart {
			reg.Set("status", Going)
			reg.Set("offer_until", "")
			reg.Set("waiting", 0)
			reg.Set("queued", 0)
			return nil
		}
		reg.Set("waiting", people(reg)-seatedPart)
		return nil
	}
	held := holds(before)
	if reg.GetString("status") == Going && before.GetString("status") == Offered {
		held = people(before) // just confirmed: the offered seats are its own now
	}
	if people(reg) <= held {
		reg.Set("waiting", 0)
		reg.Set("queued", 0)
		return nil
	}
	extra := people(reg) - held
	if before.GetString("status") == Going && extra <= before.GetInt("waiting") {
		reg.Set("waiting", extra) // no more extra people than before: same place
		return nil
	}
	free, err := freeSeats(txApp, activity, reg.Id)
	if err != nil {
		return err
	}
	if people(reg) <= free { // free leaves this registration out
		reg.Set("waiting", 0)
		reg.Set("queued", 0)
		return nil
	}
	return wait(txApp, activity, reg, extra)
}

// Withdraw deletes a registration with remove, in txApp's transaction; its
// seats go to the waiting list (the delete's hook settles the activity).
func Withdraw(txApp core.App, reg *core.Record, remove func() error) error {
	return remove()
}
