package mutations

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// The services directory kept current by staff from the phone: add, edit,
// retire (a retired service is kept, hidden from all but staff by the
// services rules). Each is the records API's write with the same fields,
// under the services rules; the fields are checked by the collection and
// internal/multitext on save.
func init() {
	Register("create_service", createService)
	Register("update_service", updateService)
	Register("retire_service", retireService)
}

// ServiceFields are a service's fields a phone may send; one left out stays
// as it is (or empty, for a new service).
type ServiceFields struct {
	Name         *json.RawMessage `json:"name"`
	Summary      *json.RawMessage `json:"summary"`
	Category     *string          `json:"category"`
	Nature       *string          `json:"nature"`
	Runner       *string          `json:"runner"`
	Organization *string          `json:"organization"`
	Place        *string          `json:"place"`
	Address      *string          `json:"address"`
	Phone        *string          `json:"phone"`
	Email        *string          `json:"email"`
	Website      *string          `json:"website"`
	AgeBands     *[]string        `json:"age_bands"`
	IsExample    *bool            `json:"is_example"`
}

// body is the records API's body for the same write.
func (f *ServiceFields) body() map[string]any {
	body := map[string]any{}
	raw := func(name string, v *json.RawMessage) {
		if v != nil {
			var decoded any
			_ = json.Unmarshal(*v, &decoded)
			body[name] = decoded
		}
	}
	raw("name", f.Name)
	raw("summary", f.Summary)
	for name, v := range map[string]*string{"category": f.Category, "nature": f.Nature, "runner": f.Runner, "organization": f.Organization,
		"place": f.Place, "address": f.Address, "phone": f.Phone, "email": f.Email, "website": f.Website} {
		if v != nil {
			body[name] = *v
		}
	}
	if f.AgeBands != nil {
		body["age_bands"] = *f.AgeBands
	}
	if f.IsExample != nil {
		body["is_example"] = *f.IsExample
	}
	return body
}

// apply sets the fields on record; the multilingual ones as JSON.
func (f *ServiceFields) apply(record *core.Record) {
	for name, v := range f.body() {
		switch name {
		case "name", "summary":
			raw, _ := json.Marshal(v)
			record.Set(name, types.JSONRaw(raw))
		default:
			record.Set(name, v)
		}
	}
}

// CreateServiceArgs: the new service's id (made on the phone) and fields.
type CreateServiceArgs struct {
	Service string `json:"service"`
	ServiceFields
}

func (a *CreateServiceArgs) Validate() error { return checkRecordID("service", a.Service) }

func createService(c *Call, a *CreateServiceArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId("services")
	if err != nil {
		return Result{}, err
	}
	if _, err := c.App.FindRecordById(collection, a.Service); err == nil {
		return Result{}, badArgs("service") // an id already taken
	}
	record := core.NewRecord(collection)
	record.Id = a.Service
	a.apply(record)
	if err := c.AllowCreate(record, a.body()); err != nil {
		return Result{}, err
	}
	if err := c.Save(record); err != nil {
		return Result{}, err
	}
	return Result{Record: record}, nil
}

// UpdateServiceArgs: the service and the fields that changed.
type UpdateServiceArgs struct {
	Service string `json:"service"`
	ServiceFields
}

func (a *UpdateServiceArgs) Validate() error {
	if err := checkRecordID("service", a.Service); err != nil {
		return err
	}
	if len(a.body()) == 0 {
		return badArgs("args")
	}
	return nil
}

func updateService(c *Call, a *UpdateServiceArgs) (Result, error) {
	return saveService(c, a.Service, a.body(), a.apply)
}

// RetireServiceArgs: retired true hides the service from families, false
// brings it back.
type RetireServiceArgs struct {
	Service string `json:"service"`
	Retired *bool  `json:"retired"`
}

func (a *RetireServiceArgs) Validate() error {
	if err := checkRecordID("service", a.Service); err != nil {
		return err
	}
	if a.Retired == nil {
		return badArgs("retired")
	}
	return nil
}

func retireService(c *Call, a *RetireServiceArgs) (Result, error) {
	return saveService(c, a.Service, map[string]any{"retired": *a.Retired}, func(r *core.Record) { r.Set("retired", *a.Retired) })
}

func saveService(c *Call, id string, body map[string]any, apply func(*core.Record)) (Result, error) {
	return saveChecked(c, "services", id, body, apply)
}

// saveChecked is PATCH collection/{id} of a content collection: its update
// rule, a mediator held to translating (multitext.CheckMediatorEdit, as the
// records API's hook), the collection's validation on save.
func saveChecked(c *Call, collection, id string, body map[string]any, apply func(*core.Record)) (Result, error) {
	service, err := c.Find(collection, id)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(service, body); err != nil {
		return Result{}, err
	}
	apply(service)
	if !vocab.IsStaff(c.Auth) && vocab.HasRole(c.Auth, vocab.RoleMediator) {
		if err := multitext.CheckMediatorEdit(c.Auth, service); err != nil {
			return Result{}, router.NewForbiddenError("", err)
		}
	}
	if err := c.Save(service); err != nil {
		return Result{}, err
	}
	return Result{Record: service}, nil
}
