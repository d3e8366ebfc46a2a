package poke

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// reach is who a batch of rows concerns, computed once per batch so that
// deciding for each client is two map lookups.
type reach struct {
	everyone  bool            // a public row
	mediators bool            // a row for mediators
	users     map[string]bool // user ids named directly, through an organization or group, or by a reset
}

func reachOf(batch []row, members *memberIndex) *reach {
	r := &reach{users: map[string]bool{}}
	for _, row := range batch {
		kind, id, _ := strings.Cut(row.Audience, ":")
		switch kind {
		case "public":
			r.everyone = true
		case "mediators":
			r.mediators = true
		case "user", "reset":
			r.users[id] = true
		case "org":
			for _, u := range members.orgs[id] {
				r.users[u] = true
			}
		case "group":
			for _, u := range members.groups[id] {
				r.users[u] = true
			}
		}
	}
	return r
}

// includes decides for one client from its auth (nil: a guest). Staff and
// superusers read every row, so every batch concerns them.
func (r *reach) includes(auth *core.Record) bool {
	if r.everyone {
		return true
	}
	if auth == nil {
		return false
	}
	if vocab.IsStaff(auth) {
		return true
	}
	if auth.Collection().Name != "users" {
		return false
	}
	return r.users[auth.Id] || (r.mediators && vocab.HasRole(auth, vocab.RoleMediator))
}
