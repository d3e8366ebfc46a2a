package poke

import (
	"github.com/pocketbase/pocketbase/core"
)

// memberIndex says who is in each organization and group, read whole from
// the database at start and again after a batch that changes memberships
// (two queries per such change, none per client). It mirrors the audiences
// of internal/changelog: an organization's members are its members field;
// a group's are everyone with a membership of it, whatever its status.
type memberIndex struct {
	orgs   map[string][]string // organization id -> user ids
	groups map[string][]string // group id -> user ids
}

func (m *memberIndex) load(app core.App) error {
	var pairs []struct {
		Body string `db:"body"`
		User string `db:"user"`
	}
	orgs := map[string][]string{}
	err := app.DB().NewQuery("SELECT organizations.id AS body, m.value AS user FROM organizations, json_each(organizations.members) m").All(&pairs)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		orgs[p.Body] = append(orgs[p.Body], p.User)
	}
	pairs = pairs[:0]
	groups := map[string][]string{}
	err = app.DB().NewQuery("SELECT DISTINCT [[group]] AS body, user FROM memberships").All(&pairs)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		groups[p.Body] = append(groups[p.Body], p.User)
	}
	m.orgs, m.groups = orgs, groups
	return nil
}
