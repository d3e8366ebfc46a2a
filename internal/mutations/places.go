package mutations

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// A place's opening hours, kept current by staff from the phone (the hours
// editor, /staff/places/:id), offline too.
func init() {
	Register("update_place_hours", updatePlaceHours)
}

// UpdatePlaceHoursArgs: the place and the fields that changed, each whole
// (the weekly hours, the exceptions, the note on the hours); a field left
// out stays as it is.
type UpdatePlaceHoursArgs struct {
	Place      string           `json:"place"`
	Hours      *json.RawMessage `json:"hours"`
	Exceptions *json.RawMessage `json:"exceptions"`
	HoursNote  *json.RawMessage `json:"hours_note"`
}

func (a *UpdatePlaceHoursArgs) Validate() error {
	if err := checkRecordID("place", a.Place); err != nil {
		return err
	}
	if a.Hours == nil && a.Exceptions == nil && a.HoursNote == nil {
		return badArgs("args")
	}
	return nil
}

// fields are the changed fields, as the records API's PATCH body.
func (a *UpdatePlaceHoursArgs) fields() map[string]json.RawMessage {
	fields := map[string]json.RawMessage{}
	for name, v := range map[string]*json.RawMessage{"hours": a.Hours, "exceptions": a.Exceptions, "hours_note": a.HoursNote} {
		if v != nil {
			fields[name] = *v
		}
	}
	return fields
}

// updatePlaceHours is PATCH places/{id} with the same fields: the update
// rule, a mediator held to translating (multitext.CheckMediatorEdit, as the
// records API's hook), and internal/hours' validation on save
// (hubValidateHours), whose refusals come back localized on the field.
func updatePlaceHours(c *Call, a *UpdatePlaceHoursArgs) (Result, error) {
	place, err := c.Find("places", a.Place)
	if err != nil {
		return Result{}, err
	}
	body := map[string]any{}
	for name, raw := range a.fields() {
		var v any
		_ = json.Unmarshal(raw, &v)
		body[name] = v
	}
	if err := c.AllowUpdate(place, body); err != nil {
		return Result{}, err
	}
	for name, raw := range a.fields() {
		place.Set(name, types.JSONRaw(raw))
	}
	if !vocab.IsStaff(c.Auth) && vocab.HasRole(c.Auth, vocab.RoleMediator) {
		if err := multitext.CheckMediatorEdit(c.Auth, place); err != nil {
			return Result{}, router.NewForbiddenError("", err)
		}
	}
	if err := c.Save(place); err != nil {
		return Result{}, err
	}
	return Result{Record: place}, nil
}
