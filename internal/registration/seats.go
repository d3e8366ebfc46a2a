// Package registration is the one owner of an activity's seats and its
// waiting list. Whatever changes them (the records API, a sync mutation, a
// staff edit, a capacity edit, an account deleted with its registrations,
// the offers' cron) ends in the functions of this package, inside one write
// transaction, so two phones cannot both take the last seat.
//
//   - A registration brings adults and children; each person takes a seat.
//     Capacity is counted in people; 0 means no limit.
//   - It is "going" while the activity has seats for all it brings, else
//     "waitlisted", in order of arrival (queued). A family already going
//     that asks for more keeps its seats; only the extra people wait
//     (status going, waiting = the extra).
//   - When seats free, the first waiting family that fits is offered them
//     (status offered, held until offer_until); it confirms, declines, or
//     the offer expires and passes on (offers.go).
//   - The activity's seats_taken is the sum of the seats held, kept in the
//     same transaction (settle.go).
package registration

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Statuses of a registration.
const (
	Going      = "going"
	Waitlisted = "waitlisted"
	Offered    = "offered"
	Cancelled  = "cancelled"
)

// people is how many people a registration brings.
func people(r *core.Record) int {
	return r.GetInt("adults") + r.GetInt("children")
}

// seated is how many of its people hold a confirmed seat.
func seated(r *core.Record) int {
	switch r.GetString("status") {
	case Going, Offered:
		return people(r) - r.GetInt("waiting")
	}
	return 0
}

// heldSQL is the seats a registration row holds: its seated people, and
// the offered ones while an offer is open. It is the one definition of
// seats_taken (seatsTaken) and of the counters' agreement with the rows.
const heldSQL = "CASE status WHEN 'going' THEN adults + children - waiting WHEN 'offered' THEN adults + children ELSE 0 END"

// seatsTaken counts the seats held at an activity, leaving out one
// registration (the one being decided; "" for none).
func seatsTaken(txApp core.App, activityID, exceptID string) (int, error) {
	var total struct{ Seats int }
	err := txApp.DB().
		Select("COALESCE(SUM(" + heldSQL + "), 0) AS seats").
		From("registrations").
		Where(dbx.HashExp{"activity": activityID}).
		AndWhere(dbx.Not(dbx.HashExp{"id": exceptID})).
		One(&total)
	return total.Seats, err
}

// unlimited is how many seats are free at an activity without a capacity.
const unlimited = 1 << 30

// freeSeats is how many seats of the activity nobody but except holds. It
// is negative when staff lowered the capacity below the seats taken.
func freeSeats(txApp core.App, activity *core.Record, exceptID string) (int, error) {
	capacity := activity.GetInt("capacity")
	if capacity == 0 {
		return unlimited, nil
	}
	taken, err := seatsTaken(txApp, activity.Id, exceptID)
	return capacity - taken, err
}

// nextInQueue is the place at the end of the activity's waiting list.
func nextInQueue(txApp core.App, activityID string) (int, error) {
	var last struct{ Queued int }
	err := txApp.DB().Select("COALESCE(MAX(queued), 0) AS queued").From("registrations").
		Where(dbx.HashExp{"activity": activityID}).One(&last)
	return last.Queued + 1, err
}
