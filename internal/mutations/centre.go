package mutations

import (
	"github.com/pocketbase/pocketbase/core"
)

// The centre's contacts (the one centre record), kept current by staff.
func init() {
	Register("update_centre_contacts", updateCentreContacts)
}

// UpdateCentreContactsArgs: the centre's e-mail and phone; one left out
// stays as it is.
type UpdateCentreContactsArgs struct {
	Centre string  `json:"centre"`
	Email  *string `json:"email"`
	Phone  *string `json:"phone"`
}

func (a *UpdateCentreContactsArgs) Validate() error {
	if err := checkRecordID("centre", a.Centre); err != nil {
		return err
	}
	if a.Email == nil && a.Phone == nil {
		return badArgs("args")
	}
	return nil
}

// updateCentreContacts is PATCH centre/{id} with the same fields: the
// centre's update rule, a mediator held to translating, the collection's
// validation (an e-mail field).
func updateCentreContacts(c *Call, a *UpdateCentreContactsArgs) (Result, error) {
	body := map[string]any{}
	if a.Email != nil {
		body["email"] = *a.Email
	}
	if a.Phone != nil {
		body["phone"] = *a.Phone
	}
	return saveChecked(c, "centre", a.Centre, body, func(r *core.Record) {
		for k, v := range body {
			r.Set(k, v)
		}
	})
}
