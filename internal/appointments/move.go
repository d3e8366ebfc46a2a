package appointments

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

// The states of a request.
const (
	New          = "new"           // sent by the family, waiting for staff
	Proposed     = "proposed"      // staff proposed a date and place
	AnotherAsked = "another_asked" // the family asked for another date
	Confirmed    = "confirmed"     // the family confirmed the proposed date
	Done         = "done"          // staff: the appointment took place, or the request was dealt with
	Withdrawn    = "withdrawn"     // the family withdrew it
)

// familyMoves are the moves a family makes on its own request.
var familyMoves = map[string][]string{
	New:          {Withdrawn},
	Proposed:     {Confirmed, AnotherAsked, Withdrawn},
	AnotherAsked: {Withdrawn},
	Confirmed:    {Withdrawn},
}

// staffMoves are staff's: propose (again), close, and record what a family
// said on the phone. A done or withdrawn request is closed for everyone.
var staffMoves = map[string][]string{
	New:          {Proposed, Done},
	Proposed:     {Proposed, Confirmed, AnotherAsked, Done},
	AnotherAsked: {Proposed, Done},
	Confirmed:    {Proposed, Done},
}

// Move checks a change of a request's state by auth (the record holds the
// change, its Original the stored request), lets save write it, and for a
// staff decision writes the audit line in the same transaction (txApp).
// Every path that changes a request calls it: the records API's update
// hook, the family's mutations (confirm_appointment, ask_another_date,
// withdraw_appointment), Propose and Close. The collection's update rule
// has already limited a family to sending a status while the request is
// open.
func Move(txApp core.App, auth, r *core.Record, save func() error) error {
	from, to := r.Original().GetString("status"), r.GetString("status")
	staff := vocab.IsStaff(auth)
	before := r.Original()
	reproposed := from == Proposed && to == Proposed &&
		(!before.GetDateTime("proposed_at").Equal(r.GetDateTime("proposed_at")) || before.GetString("proposed_place") != r.GetString("proposed_place"))
	closed := from == Done || from == Withdrawn // nothing changes on a closed request, not even staff's note
	if from != to || reproposed || closed {
		if err := checkMove(txApp, r, from, to, staff); err != nil {
			return err
		}
	}
	if err := save(); err != nil {
		return err
	}
	if staff && (from != to || reproposed) {
		return moderation.Append(txApp, auth, moderation.Decision{
			Action: "decide_appointment", Collection: Collection, RecordID: r.Id, From: from, To: to})
	}
	return nil
}

func checkMove(app core.App, r *core.Record, from, to string, staff bool) error {
	if from == Done || from == Withdrawn {
		return refusal("status", CodeClosed, "This request is closed: it can no longer be changed.")
	}
	moves := familyMoves
	if staff {
		moves = staffMoves
	}
	if !slices.Contains(moves[from], to) {
		if !staff && (to == Confirmed || to == AnotherAsked) && slices.Contains([]string{New, AnotherAsked}, from) {
			return refusal("status", CodeNothingProposed, "No date has been proposed yet: there is nothing to confirm.")
		}
		return refusal("status", CodeStatusNotAllowed, "This request cannot be changed this way now.")
	}
	at := r.GetDateTime("proposed_at")
	switch {
	case to == Proposed:
		if at.IsZero() {
			return refusal("proposed_at", CodeProposalIncomplete, "A proposal needs a date and a place.")
		}
		if r.GetString("proposed_place") == "" {
			return refusal("proposed_place", CodeProposalIncomplete, "A proposal needs a date and a place.")
		}
		if _, err := app.FindRecordById("places", r.GetString("proposed_place")); err != nil {
			return refusal("proposed_place", CodePlaceUnknown, "This place is not one of the centre's.")
		}
		if !at.Time().After(time.Now()) {
			return refusal("proposed_at", CodeProposalPast, "The proposed date must be in the future.")
		}
	case to == Confirmed && !staff:
		if at.IsZero() {
			return refusal("status", CodeNothingProposed, "No date has been proposed yet: there is nothing to confirm.")
		}
		if !at.Time().After(time.Now()) {
			return refusal("status", CodeDatePassed, "The proposed date has passed: ask for another one.")
		}
	}
	return nil
}
