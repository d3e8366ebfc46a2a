package seed

import (
	"github.com/pocketbase/pocketbase/core"
)

// accounts adds the superuser and one user per role (all counted as
// accounts: the start message lists them all); the association account
// becomes a member of its organization.
func (s *seeder) accounts() error {
	added, err := ensureSuperuser(s.app)
	if err != nil {
		return err
	}
	if added {
		s.report["superusers"]++
	}
	s.ids["users"] = map[string]string{}
	for _, a := range Accounts {
		before, _ := s.app.FindAuthRecordByEmail("users", a.Email)
		user, err := ensureAccount(s.app, a)
		if err != nil {
			return err
		}
		if before == nil {
			s.report["users"]++
		}
		s.ids["users"][a.Role] = user.Id
		if a.Organization == "" {
			continue
		}
		org, err := s.app.FindRecordById("organizations", s.ids["organizations"][a.Organization])
		if err != nil {
			return err
		}
		org.Set("members+", user.Id)
		if err := s.app.Save(org); err != nil {
			return err
		}
	}
	return nil
}

// familyLife gives the demo family what a real one would have: a place at
// the first A.Pe meeting and the "0-6 anni" group, so "my registrations" and
// "my groups" show something.
func (s *seeder) familyLife() error {
	family := s.ids["users"]["family"]
	if err := s.addOnce("memberships", map[string]any{
		"group": s.ids["groups"]["0-6-anni"], "user": family, "status": "active",
	}); err != nil {
		return err
	}
	return s.addOnce("registrations", map[string]any{
		"activity": s.ids["activities"]["ape-1"], "user": family, "adults": 1, "children": 1, "status": "going",
	})
}

// addOnce adds a record unless one with the same data exists.
func (s *seeder) addOnce(collectionName string, data map[string]any) error {
	collection, err := s.app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return err
	}
	record := core.NewRecord(collection)
	record.Load(data)
	existing, _ := s.app.FindRecordsByFilter(collection, "user = {:user}", "", 1, 0, map[string]any{"user": data["user"]})
	for _, e := range existing {
		if e.GetString("group") == record.GetString("group") && e.GetString("activity") == record.GetString("activity") {
			return nil
		}
	}
	return s.app.Save(record)
}
