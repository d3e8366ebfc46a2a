package seed

import (
	"slices"
	"strings"

	"github.com/pocketbase/dbx"

	"github.com/cremona/hug/internal/moderation"
)

// sensitiveGroups marks sensitive the demo groups groups.json says are
// (the paternity-support group, "papa") on a hub seeded before groups had
// the field: the one change the seed makes to a row it finds. A group
// whose sensitivity staff ever changed (an update_group line of the audit
// log naming "sensitive") is left as staff set it; a second run finds
// nothing to do.
func (s *seeder) sensitiveGroups() error {
	var items []struct {
		Slug      string `json:"slug"`
		Sensitive bool   `json:"sensitive"`
	}
	if err := readDemo("groups.json", &items); err != nil {
		return err
	}
	for _, item := range items {
		id, ok := s.ids["groups"][item.Slug]
		if !item.Sensitive || !ok {
			continue
		}
		group, err := s.app.FindRecordById("groups", id)
		if err != nil {
			return err
		}
		if group.GetBool("sensitive") {
			continue
		}
		var details []string
		err = s.app.DB().Select("detail").From(moderation.AuditCollection).
			Where(dbx.HashExp{"action": "update_group", "target_collection": "groups", "target_id": id}).Column(&details)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(details, func(d string) bool { return slices.Contains(strings.Split(d, ", "), "sensitive") }) {
			continue // staff's choice
		}
		group.Set("sensitive", true)
		if err := s.app.Save(group); err != nil {
			return err
		}
	}
	return nil
}
