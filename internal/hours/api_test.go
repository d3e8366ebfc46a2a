package hours_test

import (
	"net/http"
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
