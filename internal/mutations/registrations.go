package mutations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/registration"
)

// The registration mutations are the PWA's three writes to registrations,
// through the records API's rules and internal/registration's seat
// allocation (the same functions its request hooks call).
func init() {
	Register("register", register)
	Register("change_registration", changeRegistration)
	Register("cancel_registration", cancelRegistration)
}

// RegisterArgs: a registration made on the phone, with the id it made.
type RegisterArgs struct {
	Registration string `json:"registration"`
	Activity     string `json:"activity"`
	Adults       int    `json:"adults"`
	Children     int    `json:"children"`
}

func (a *RegisterArgs) Validate() error {
	if err := checkRecordID("registration", a.Registration); err != nil {
		return err
	}
	if a.Activity == "" {
		return badArgs("activity")
	}
	return nil
}

func register(c *Call, a *RegisterArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId("registrations")
	if err != nil {
		return Result{}, err
	}
	reg := core.NewRecord(collection)
	body := map[string]any{"id": a.Registration, "activity": a.Activity, "user": c.Auth.Id, "adults": a.Adults, "children": a.Children}
	reg.Load(body)
	if err := c.AllowCreate(reg, body); err != nil {
		return Result{}, err
	}
	err = registration.Register(c.App, reg, func() error { return c.Save(reg) })
	return seatsResult(reg, err)
}

// seatsResult says when the server put a registration on the waiting list
// instead of giving it the seats the phone asked for.
func seatsResult(reg *core.Record, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	res := Result{Record: reg}
	if s := reg.GetString("status"); s != "going" {
		res.Decided = map[string]any{"status": s}
	}
	return res, nil
}

// ChangeRegistrationArgs: come with these people (again, after a
// cancellation): the seats are decided anew.
type ChangeRegistrationArgs struct {
	Registration string `json:"registration"`
	Adults       int    `json:"adults"`
	Children     int    `json:"children"`
}

func (a *ChangeRegistrationArgs) Validate() error {
	return checkRecordID("registration", a.Registration)
}

func changeRegistration(c *Call, a *ChangeRegistrationArgs) (Result, error) {
	return updateRegistration(c, a.Registration, map[string]any{"status": "going", "adults": a.Adults, "children": a.Children})
}

// CancelRegistrationArgs: give the seats back (the registration stays,
// cancelled, so asking again later is a change, not a new one).
type CancelRegistrationArgs struct {
	Registration string `json:"registration"`
}

func (a *CancelRegistrationArgs) Validate() error {
	return checkRecordID("registration", a.Registration)
}

func cancelRegistration(c *Call, a *CancelRegistrationArgs) (Result, error) {
	res, err := updateRegistration(c, a.Registration, map[string]any{"status": "cancelled"})
	res.Decided = nil
	return res, err
}

func updateRegistration(c *Call, id string, body map[string]any) (Result, error) {
	reg, err := c.Find("registrations", id)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(reg, body); err != nil {
		return Result{}, err
	}
	reg.Load(body)
	err = registration.Change(c.App, reg, func() error { return c.Save(reg) })
	return seatsResult(reg, err)
}
