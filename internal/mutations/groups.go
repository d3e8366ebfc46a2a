package mutations

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/groups"
	"github.com/cremona/hug/internal/vocab"
)

// Staff run the groups from the phone or the desk, offline too: create and
// change a group, decide requests to join, remove a member. Each is the
// records API's write under the same rules, ending in internal/groups'
// function for it (Save, Decide, Remove), audited there.
func init() {
	Register("create_group", createGroup)
	Register("update_group", updateGroup)
	Register("decide_membership", decideMembership)
	Register("remove_member", removeMember)
}

// GroupFields are a group's fields a phone may send; one left out stays as
// it is (or empty, for a new group).
type GroupFields struct {
	Name        *json.RawMessage `json:"name"`
	Description *json.RawMessage `json:"description"`
	Place       *string          `json:"place"`
	JoinPolicy  *string          `json:"join_policy"`
	Public      *bool            `json:"public"`
	AgeBands    *[]string        `json:"age_bands"`
	// Sensitive: notices about the group are neutral on the lock screen
	// unless the person opted into previews (internal/notify).
	Sensitive *bool `json:"sensitive"`
}

// body is the records API's body for the same write.
func (f *GroupFields) body() map[string]any {
	body := map[string]any{}
	for name, v := range map[string]*json.RawMessage{"name": f.Name, "description": f.Description} {
		if v != nil {
			var decoded any
			_ = json.Unmarshal(*v, &decoded)
			body[name] = decoded
		}
	}
	if f.Place != nil {
		body["place"] = *f.Place
	}
	if f.JoinPolicy != nil {
		body["join_policy"] = *f.JoinPolicy
	}
	if f.Public != nil {
		body["public"] = *f.Public
	}
	if f.AgeBands != nil {
		body["age_bands"] = *f.AgeBands
	}
	if f.Sensitive != nil {
		body["sensitive"] = *f.Sensitive
	}
	return body
}

// apply sets the fields on record; the multilingual ones as JSON.
func (f *GroupFields) apply(record *core.Record) {
	for name, v := range f.body() {
		switch name {
		case "name", "description":
			raw, _ := json.Marshal(v)
			record.Set(name, types.JSONRaw(raw))
		default:
			record.Set(name, v)
		}
	}
}

// CreateGroupArgs: the new group's id (made on the phone) and fields.
type CreateGroupArgs struct {
	Group string `json:"group"`
	GroupFields
}

func (a *CreateGroupArgs) Validate() error { return checkRecordID("group", a.Group) }

func createGroup(c *Call, a *CreateGroupArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId("groups")
	if err != nil {
		return Result{}, err
	}
	if _, err := c.App.FindRecordById(collection, a.Group); err == nil {
		return Result{}, badArgs("group") // an id already taken
	}
	record := core.NewRecord(collection)
	record.Id = a.Group
	a.apply(record)
	if err := c.AllowCreate(record, a.body()); err != nil {
		return Result{}, err
	}
	if err := groups.Save(c.App, c.Auth, record, func() error { return c.Save(record) }); err != nil {
		return Result{}, err
	}
	return Result{Record: record}, nil
}

// UpdateGroupArgs: the group and the fields that changed.
type UpdateGroupArgs struct {
	Group string `json:"group"`
	GroupFields
}

func (a *UpdateGroupArgs) Validate() error {
	if err := checkRecordID("group", a.Group); err != nil {
		return err
	}
	if len(a.body()) == 0 {
		return badArgs("args")
	}
	return nil
}

// updateGroup is PATCH groups/{id}: staff's change through groups.Save; a
// mediator (whom the rule lets update a public group) held to translating,
// as the records API does.
func updateGroup(c *Call, a *UpdateGroupArgs) (Result, error) {
	if !vocab.IsStaff(c.Auth) {
		return saveChecked(c, "groups", a.Group, a.body(), a.apply)
	}
	group, err := c.Find("groups", a.Group)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(group, a.body()); err != nil {
		return Result{}, err
	}
	a.apply(group)
	if err := groups.Save(c.App, c.Auth, group, func() error { return c.Save(group) }); err != nil {
		return Result{}, err
	}
	return Result{Record: group}, nil
}

// DecideMembershipArgs: a request to join, approved or declined.
type DecideMembershipArgs struct {
	Membership string `json:"membership"`
	Approve    *bool  `json:"approve"`
}

func (a *DecideMembershipArgs) Validate() error {
	if err := checkRecordID("membership", a.Membership); err != nil {
		return err
	}
	if a.Approve == nil {
		return badArgs("approve")
	}
	return nil
}

// decideMembership is staff's PATCH of a membership's status: the update
// rule (staff), then groups.Decide.
func decideMembership(c *Call, a *DecideMembershipArgs) (Result, error) {
	m, err := c.Find("memberships", a.Membership)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(m, map[string]any{"status": "active"}); err != nil {
		return Result{}, err
	}
	if err := groups.Decide(c.App, c.Auth, m.Id, *a.Approve); err != nil {
		return Result{}, err
	}
	if !*a.Approve {
		return Result{}, nil // declined: the request is gone
	}
	m, err = c.Find("memberships", a.Membership)
	if err != nil {
		return Result{}, err
	}
	return Result{Record: m}, nil
}

// RemoveMemberArgs names the membership staff end.
type RemoveMemberArgs struct {
	Membership string `json:"membership"`
}

func (a *RemoveMemberArgs) Validate() error { return checkRecordID("membership", a.Membership) }

// removeMember is staff's DELETE of someone's membership: the delete rule,
// then groups.Remove. A family leaving a group uses leave_group.
func removeMember(c *Call, a *RemoveMemberArgs) (Result, error) {
	m, err := c.Find("memberships", a.Membership)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowDelete(m); err != nil {
		return Result{}, err
	}
	return Result{}, groups.Remove(c.App, c.Auth, m, func() error { return c.App.Delete(m) })
}
