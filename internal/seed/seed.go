// Package seed loads Hug's demo data: the centre, its partners, the five
// access points with the hours the press release gives, the services
// directory, the groups, the A.Pe cycle and the other first activities, the
// first announcements (the opening, the "0-6 anni" point, Soresina), and one
// account per role. It only adds what is missing (matched by slug or
// email), so it is safe to run twice and never overwrites staff's edits;
// the one change to a row it finds is marking the paternity-support group
// sensitive on a hub seeded before groups could be (sensitiveGroups).
package seed

import (
	"embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

//go:embed demo/*.json
var demo embed.FS

// Rome is where every time of the hub is local (vocab.TimeZone).
var Rome = vocab.TimeZone

// Report counts what a run added.
type Report map[string]int

func (r Report) String() string {
	return fmt.Sprintf("added: %d places, %d organizations, %d services, %d groups, %d activities, %d announcements, %d accounts",
		r["places"], r["organizations"], r["services"], r["groups"], r["activities"], r["announcements"], r["users"]+r["superusers"])
}

// Run adds the missing demo records, in one transaction: all or nothing.
// now anchors the relative activity dates ("the next Thursday").
func Run(app core.App, now time.Time) (Report, error) {
	report := Report{}
	err := app.RunInTransaction(func(txApp core.App) error {
		s := &seeder{app: txApp, now: now.In(Rome), report: report, ids: map[string]map[string]string{}}
		return s.all()
	})
	return report, err
}

type seeder struct {
	app    core.App
	now    time.Time
	report Report
	ids    map[string]map[string]string // collection -> slug -> id
}

func (s *seeder) all() error {
	steps := []func() error{
		func() error { return s.slugged("organizations", "organizations.json", nil) },
		func() error { return s.slugged("places", "places.json", nil) },
		s.centre,
		func() error { return s.slugged("services", "services.json", s.resolve("organization", "place")) },
		func() error { return s.slugged("groups", "groups.json", s.resolve("place")) },
		s.sensitiveGroups,
		s.accounts,
		func() error { return s.slugged("activities", "activities.json", s.scheduleActivity) },
		s.familyLife,
		s.announcements,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func readDemo(name string, into any) error {
	raw, err := demo.ReadFile("demo/" + name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("demo/%s: %w", name, err)
	}
	return nil
}

// slugged adds each record of a demo file whose slug is not there yet;
// prepare may rewrite a record's data (references, dates) before saving.
func (s *seeder) slugged(collectionName, file string, prepare func(map[string]any) error) error {
	var items []map[string]any
	if err := readDemo(file, &items); err != nil {
		return err
	}
	collection, err := s.app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return err
	}
	s.ids[collectionName] = map[string]string{}
	for _, item := range items {
		slug, _ := item["slug"].(string)
		if existing, err := s.app.FindFirstRecordByData(collection, "slug", slug); err == nil {
			s.ids[collectionName][slug] = existing.Id
			continue
		}
		if prepare != nil {
			if err := prepare(item); err != nil {
				return fmt.Errorf("%s %s: %w", collectionName, slug, err)
			}
		}
		record := core.NewRecord(collection)
		record.Load(item)
		if err := s.app.Save(record); err != nil {
			return fmt.Errorf("%s %s: %w", collectionName, slug, err)
		}
		s.ids[collectionName][slug] = record.Id
		s.report[collectionName]++
	}
	return nil
}

// resolve turns slug references into record ids.
func (s *seeder) resolve(fields ...string) func(map[string]any) error {
	collections := map[string]string{"organization": "organizations", "place": "places", "group": "groups", "main_place": "places"}
	return func(item map[string]any) error {
		for _, field := range fields {
			slug, _ := item[field].(string)
			if slug == "" {
				continue
			}
			id, ok := s.ids[collections[field]][slug]
			if !ok {
				return fmt.Errorf("%s %q not found", field, slug)
			}
			item[field] = id
		}
		return nil
	}
}
