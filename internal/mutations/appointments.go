package mutations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/appointments"
)

// A family's appointment requests, through the collection's rules and
// internal/appointments (Request, Move: the functions its request hooks
// call). Staff's side (Propose, Close) is in appointments_staff.go.
func init() {
	Register("request_appointment", requestAppointment)
	Register("confirm_appointment", moveAppointment(appointments.Confirmed))
	Register("ask_another_date", moveAppointment(appointments.AnotherAsked))
	Register("withdraw_appointment", moveAppointment(appointments.Withdrawn))
	Register("delete_appointment", deleteAppointment)
}

// RequestAppointmentArgs: a request made on the phone, with the id it made;
// the fields are the collection's (the records API's POST body).
type RequestAppointmentArgs struct {
	Appointment    string   `json:"appointment"`
	Topic          string   `json:"topic"`
	PreferredPlace string   `json:"preferred_place,omitempty"`
	PreferredDays  []string `json:"preferred_days,omitempty"`
	PreferredParts []string `json:"preferred_parts,omitempty"`
	PreferredTimes string   `json:"preferred_times,omitempty"`
	Message        string   `json:"message,omitempty"`
	Language       string   `json:"language,omitempty"`
	ContactMethod  string   `json:"contact_method,omitempty"`
	ContactPhone   string   `json:"contact_phone,omitempty"`
	ContactEmail   string   `json:"contact_email,omitempty"`
}

func (a *RequestAppointmentArgs) Validate() error {
	return checkRecordID("appointment", a.Appointment)
}

func requestAppointment(c *Call, a *RequestAppointmentArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId(appointments.Collection)
	if err != nil {
		return Result{}, err
	}
	r := core.NewRecord(collection)
	body := map[string]any{"id": a.Appointment, "user": c.Auth.Id, "topic": a.Topic, "preferred_place": a.PreferredPlace,
		"preferred_days": a.PreferredDays, "preferred_parts": a.PreferredParts, "preferred_times": a.PreferredTimes,
		"message": a.Message, "language": a.Language, "contact_method": a.ContactMethod,
		"contact_phone": a.ContactPhone, "contact_email": a.ContactEmail}
	r.Load(body)
	if err := c.AllowCreate(r, body); err != nil {
		return Result{}, err
	}
	if err := appointments.Request(c.App, c.Auth, r); err != nil {
		return Result{}, err
	}
	if err := c.Save(r); err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}

// AppointmentArgs names the request a family answers, withdraws or deletes.
type AppointmentArgs struct {
	Appointment string `json:"appointment"`
}

func (a *AppointmentArgs) Validate() error { return checkRecordID("appointment", a.Appointment) }

// moveAppointment is the family's PATCH {status: to}: confirm the proposed
// date, ask for another, withdraw.
func moveAppointment(to string) Func[AppointmentArgs] {
	return func(c *Call, a *AppointmentArgs) (Result, error) {
		r, err := c.Find(appointments.Collection, a.Appointment)
		if err != nil {
			return Result{}, err
		}
		if err := c.AllowUpdate(r, map[string]any{"status": to}); err != nil {
			return Result{}, err
		}
		r.Set("status", to)
		if err := appointments.Move(c.App, c.Auth, r, func() error { return c.Save(r) }); err != nil {
			return Result{}, err
		}
		return Result{Record: r}, nil
	}
}

func deleteAppointment(c *Call, a *AppointmentArgs) (Result, error) {
	r, err := c.Find(appointments.Collection, a.Appointment)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowDelete(r); err != nil {
		return Result{}, err
	}
	return Result{}, c.App.Delete(r)
}
