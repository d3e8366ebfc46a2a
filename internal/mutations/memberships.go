package mutations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/groups"
)

// Joining and leaving a group, through the records API's rules and
// internal/groups' decision (the function its request hook calls).
func init() {
	Register("join_group", joinGroup)
	Register("leave_group", leaveGroup)
}

// JoinGroupArgs: a membership made on the phone, with the id it made.
type JoinGroupArgs struct {
	Membership string `json:"membership"`
	Group      string `json:"group"`
}

func (a *JoinGroupArgs) Validate() error {
	if err := checkRecordID("membership", a.Membership); err != nil {
		return err
	}
	if a.Group == "" {
		return badArgs("group")
	}
	return nil
}

func joinGroup(c *Call, a *JoinGroupArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId("memberships")
	if err != nil {
		return Result{}, err
	}
	m := core.NewRecord(collection)
	body := map[string]any{"id": a.Membership, "group": a.Group, "user": c.Auth.Id}
	m.Load(body)
	if err := c.AllowCreate(m, body); err != nil {
		return Result{}, err
	}
	if err := groups.Join(c.App, c.Auth, m); err != nil {
		return Result{}, err
	}
	if err := c.Save(m); err != nil {
		return Result{}, err
	}
	res := Result{Record: m}
	if s := m.GetString("status"); s != "active" {
		res.Decided = map[string]any{"status": s} // waits for staff
	}
	return res, nil
}

// LeaveGroupArgs names the membership to end.
type LeaveGroupArgs struct {
	Membership string `json:"membership"`
}

func (a *LeaveGroupArgs) Validate() error { return checkRecordID("membership", a.Membership) }

func leaveGroup(c *Call, a *LeaveGroupArgs) (Result, error) {
	m, err := c.Find("memberships", a.Membership)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowDelete(m); err != nil {
		return Result{}, err
	}
	return Result{}, c.App.Delete(m)
}
