package hours_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// Staff saving a timetable the phones would misread get the field named and
// the place keeps its hours.
func TestBadTimetableIsRefusedAndThePlaceKeepsItsHours(t *testing.T) {
	cases := []struct {
		name, field, code string
		body              map[string]any
	}{
		{"overlap", "hours", "validation_hours_overlap", map[string]any{"hours": []map[string]any{
			{"day": 2, "opens": "12:00", "closes": "14:00"}, {"day": 2, "opens": "13:00", "closes": "15:00"}}}},
		{"out of the day", "hours", "validation_hours_time", map[string]any{"hours": []map[string]any{{"day": 2, "opens": "23:00", "closes": "25:00"}}}},
		{"bad exception date", "exceptions", "validation_exceptions_date", map[string]any{"exceptions": []map[string]any{{"date": "31/12/2026", "closed": true}}}},
		{"signed time", "hours", "validation_hours_time", map[string]any{"hours": []map[string]any{{"day": 2, "opens": "-0:30", "closes": "14:00"}}}},
		{"letter in a time", "hours", "validation_hours_time", map[string]any{"hours": []map[string]any{{"day": 2, "opens": "09:0a", "closes": "14:00"}}}},
		{"note in an unknown language", "exceptions", "validation_multitext_language", map[string]any{"exceptions": []map[string]any{
			{"date": hubtest.InDays(10, "00:00")[:10], "closed": true, "note": map[string]string{"it": "Chiuso", "klingon": "?"}}}}},
		{"exception in 9999", "exceptions", "validation_date_range", map[string]any{"exceptions": []map[string]any{{"date": "9999-12-31", "closed": true}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
			before := place.GetString("hours") + place.GetString("exceptions")
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/places/records/" + place.Id,
				Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: c.body})
			if res.Status != http.StatusBadRequest {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			var body struct {
				Data map[string]struct{ Code string }
			}
			res.JSON(t, &body)
			if body.Data[c.field].Code != c.code {
				t.Errorf("got %s, want %s.%s", res.Body, c.field, c.code)
			}
			after := hubtest.BySlug(t, app, "places", "hug-sede-principale")
			if after.GetString("hours")+after.GetString("exceptions") != before {
				t.Error("the place's hours changed")
			}
		})
	}
}

// A well-formed timetable, with a dated closure explained in three
// languages, is saved as sent.
func TestGoodTimetableIsSaved(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	closure := hubtest.InDays(40, "00:00")[:10]
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/places/records/" + place.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{
			"hours": []map[string]any{{"day": 2, "opens": "12:00", "closes": "14:00"}, {"day": 4, "opens": "17:00", "closes": "19:00"}},
			"exceptions": []map[string]any{{"date": closure, "closed": true,
				"note": map[string]string{"it": "Chiuso per formazione", "en": "Closed for training", "ar": "مغلق للتدريب"}}},
		}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	after := hubtest.BySlug(t, app, "places", "hug-sede-principale").GetString("exceptions")
	if !strings.Contains(after, closure) || !strings.Contains(after, "مغلق للتدريب") {
		t.Errorf("exceptions stored as %s", after)
	}
}
