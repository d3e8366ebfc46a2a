package seed

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// centre adds the one record about Hug itself.
func (s *seeder) centre() error {
	collection, err := s.app.FindCachedCollectionByNameOrId("centre")
	if err != nil {
		return err
	}
	if n, _ := s.app.CountRecords(collection); n > 0 {
		return nil
	}
	var item map[string]any
	if err := readDemo("centre.json", &item); err != nil {
		return err
	}
	if err := s.resolve("main_place")(item); err != nil {
		return err
	}
	record := core.NewRecord(collection)
	record.Load(item)
	return s.app.Save(record)
}

// isoWeekday numbers Monday 1 ... Sunday 7, as the hours field does.
func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}

// when is an activity's date relative to the seeding day.
type when struct {
	Weekday int    `json:"weekday"`
	Week    int    `json:"week"`
	Time    string `json:"time"`
	Minutes int    `json:"minutes"`
}

// start is the week-th occurrence of the weekday strictly after today, at the
// given local time in Rome.
func (w when) start(now time.Time) (time.Time, error) {
	parts := strings.Split(w.Time, ":")
	if len(parts) != 2 {
		return time.Time{}, fmt.Errorf("bad time %q", w.Time)
	}
	hour, err1 := strconv.Atoi(parts[0])
	minute, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || w.Weekday < 1 || w.Weekday > 7 {
		return time.Time{}, fmt.Errorf("bad when %+v", w)
	}
	days := (w.Weekday - isoWeekday(now) + 7) % 7
	if days == 0 {
		days = 7
	}
	day := now.AddDate(0, 0, days+7*w.Week)
	return time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, Rome), nil
}

// scheduleActivity turns a demo activity's relative "when" into dates.
func (s *seeder) scheduleActivity(item map[string]any) error {
	raw, _ := item["when"].(map[string]any)
	w := when{Time: fmt.Sprint(raw["time"])}
	for key, dst := range map[string]*int{"weekday": &w.Weekday, "week": &w.Week, "minutes": &w.Minutes} {
		n, _ := raw[key].(float64)
		*dst = int(n)
	}
	start, err := w.start(s.now)
	if err != nil {
		return err
	}
	delete(item, "when")
	item["starts_at"] = start.UTC().Format(time.RFC3339)
	item["ends_at"] = start.Add(time.Duration(w.Minutes) * time.Minute).UTC().Format(time.RFC3339)
	return s.resolve("place", "group", "organization")(item)
}
