package mutations

import (
	"time"

	"github.com/cremona/hug/internal/appointments"
)

// Staff's side of appointment requests, from the queue
// (/staff/appointments), offline too: propose a date and a place, close.
// Each is one call of internal/appointments (Propose, Close), which checks
// that the caller is staff and the move (Move, as a staff PATCH through
// the records API) and audits it.
func init() {
	Register("propose_appointment", proposeAppointment)
	Register("close_appointment", closeAppointment)
}

// ProposeAppointmentArgs: the request, the date and time proposed (RFC
// 3339), the place (a places id) and a note for the family.
type ProposeAppointmentArgs struct {
	Appointment string `json:"appointment"`
	At          string `json:"at"`
	Place       string `json:"place"`
	Note        string `json:"note,omitempty"`
}

func (a *ProposeAppointmentArgs) Validate() error {
	if err := checkRecordID("appointment", a.Appointment); err != nil {
		return err
	}
	if a.At != "" {
		if _, err := time.Parse(time.RFC3339, a.At); err != nil {
			return badArgs("at")
		}
	}
	return nil
}

func proposeAppointment(c *Call, a *ProposeAppointmentArgs) (Result, error) {
	var at time.Time // none: Move refuses an incomplete proposal
	if a.At != "" {
		at, _ = time.Parse(time.RFC3339, a.At) // checked by Validate
	}
	r, err := appointments.Propose(c.App, c.Auth, a.Appointment, at, a.Place, a.Note)
	if err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}

func closeAppointment(c *Call, a *AppointmentArgs) (Result, error) {
	r, err := appointments.Close(c.App, c.Auth, a.Appointment)
	if err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}
