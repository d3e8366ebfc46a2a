package seed

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/announcements"
)

// demoAnnouncement is one of the centre's first messages
// (demo/announcements.json, from the press release): to everyone (group
// "") or to a group by slug.
type demoAnnouncement struct {
	Group  string            `json:"group"`
	Title  map[string]string `json:"title"`
	Body   map[string]string `json:"body"`
	Urgent bool              `json:"urgent"`
}

// announcements posts the demo announcements as the demo staff account
// through announcements.Post, the one function the records API and the
// post_announcement mutation call: it validates them, sets the server's
// fields and writes the audit line, and the save runs the app's hooks
// (provenance, change log, pb_hooks/notify.pb.js's notifications). One
// whose Italian title is already there, withdrawn or not, is left alone.
func (s *seeder) announcements() error {
	var items []demoAnnouncement
	if err := readDemo("announcements.json", &items); err != nil {
		return err
	}
	collection, err := s.app.FindCachedCollectionByNameOrId(announcements.Collection)
	if err != nil {
		return err
	}
	existing, err := s.app.FindAllRecords(collection)
	if err != nil {
		return err
	}
	posted := map[string]bool{}
	for _, r := range existing {
		var title map[string]string
		if r.UnmarshalJSONField("title", &title) == nil {
			posted[title["it"]] = true
		}
	}
	staff, err := s.app.FindRecordById("users", s.ids["users"]["staff"])
	if err != nil {
		return fmt.Errorf("announcements: the demo staff account: %w", err)
	}
	for _, item := range items {
		if posted[item.Title["it"]] {
			continue
		}
		r := core.NewRecord(collection)
		if item.Group != "" {
			id, ok := s.ids["groups"][item.Group]
			if !ok {
				return fmt.Errorf("announcement %q: group %q not found", item.Title["it"], item.Group)
			}
			r.Set("group", id)
		}
		for field, text := range map[string]map[string]string{"title": item.Title, "body": item.Body} {
			raw, err := json.Marshal(text)
			if err != nil {
				return err
			}
			r.Set(field, types.JSONRaw(raw))
		}
		r.Set("urgent", item.Urgent)
		if err := announcements.Post(s.app, staff, r, func() error { return s.app.Save(r) }); err != nil {
			return fmt.Errorf("announcement %q: %w", item.Title["it"], err)
		}
		s.report["announcements"]++
	}
	return nil
}
