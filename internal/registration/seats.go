// Package registration decides who gets a place at an activity: a
// registration is "going" while the activity has seats for all the people it
// brings (adults and children), else "waitlisted"; when someone cancels, the
// waiting list moves up in order of arrival. Everything happens inside one
// write transaction, so two phones can't both take the last seat.
package registration

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// people is how many seats a registration takes.
func people(r *core.Record) int {
	return r.GetInt("adults") + r.GetInt("children")
}

// seatsTaken counts the seats held by "going" registrations of an activity,
// leaving out one registration (the one being decided).
func seatsTaken(txApp core.App, activityID, exceptID string) (int, error) {
	var total struct{ Seats int }
	err := txApp.DB().
		Select("COALESCE(SUM(adults + children), 0) AS seats").
		From("registrations").
		Where(dbx.HashExp{"activity": activityID, "status": "going"}).
		AndWhere(dbx.Not(dbx.HashExp{"id": exceptID})).
		One(&total)
	return total.Seats, err
}

// fits reports whether a registration can be "going".
func fits(txApp core.App, activity, reg *core.Record) (bool, error) {
	capacity := activity.GetInt("capacity")
	if capacity == 0 {
		return true, nil
	}
	taken, err := seatsTaken(txApp, activity.Id, reg.Id)
	if err != nil {
		return false, err
	}
	return taken+people(reg) <= capacity, nil
}

// promoteWaitlist gives freed seats to the waiting list, first come first
// served, skipping a family too large for what is free.
func promoteWaitlist(txApp core.App, activity *core.Record) error {
	waiting, err := txApp.FindRecordsByFilter("registrations",
		"activity = {:activity} && status = 'waitlisted'", "created", 0, 0,
		dbx.Params{"activity": activity.Id})
	if err != nil {
		return err
	}
	for _, reg := range waiting {
		ok, err := fits(txApp, activity, reg)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		reg.Set("status", "going")
		if err := txApp.Save(reg); err != nil {
			return err
		}
	}
	return nil
}
