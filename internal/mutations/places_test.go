package mutations_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// tuesday is the main office's new Tuesday: 10-12 and 15-17.
var tuesday = []map[string]any{
	{"day": 2, "opens": "10:00", "closes": "12:00"}, {"day": 2, "opens": "15:00", "closes": "17:00"},
	{"day": 4, "opens": "17:00", "closes": "19:00"},
}

func mainOffice(t *testing.T, app *tests.TestApp) string {
	return hubtest.BySlug(t, app, "places", "hug-sede-principale").Id
}

// apiError is the records API's error body.
type apiError struct {
	Status  int                       `json:"status"`
	Message string                    `json:"message"`
	Data    map[string]map[string]any `json:"data"`
}

// TestOnlyStaffChangeOpeningHours: each role tries the same change through
// the mutation and through the records API, on identical apps; staff change
// the hours both ways, a family, an association member and a mediator are
// refused both ways with the same status and field, and nothing changes.
func TestOnlyStaffChangeOpeningHours(t *testing.T) {
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail,
		"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		t.Run(role, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			place := mainOffice(t, viaMutation)
			before := hubtest.BySlug(t, viaMutation, "places", "hug-sede-principale").GetString("hours")

			out := one(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), "update_place_hours",
				map[string]any{"place": place, "hours": tuesday})
			res := hubtest.Do(t, viaAPI, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/places/records/" + place,
				Token: hubtest.Token(t, viaAPI, "users", email), Body: map[string]any{"hours": tuesday}, Header: map[string]string{"Accept-Language": "it"}})

			gotM := hubtest.BySlug(t, viaMutation, "places", "hug-sede-principale").GetString("hours")
			gotA := hubtest.BySlug(t, viaAPI, "places", "hug-sede-principale").GetString("hours")
			if role == "staff" {
				if out.Status != "applied" || res.Status != http.StatusOK {
					t.Fatalf("staff refused: mutation %+v, API %d %s", out, res.Status, res.Body)
				}
				if gotM == before || gotM != gotA {
					t.Errorf("hours not changed alike: mutation %s, API %s", gotM, gotA)
				}
				return
			}
			if out.Status != "rejected" || res.Status < 400 {
				t.Fatalf("%s allowed: mutation %+v, API %d", role, out, res.Status)
			}
			var body apiError
			res.JSON(t, &body)
			if out.Error.Status != res.Status || out.Error.Message != body.Message {
				t.Errorf("mutation says %d %q, API %d %q", out.Error.Status, out.Error.Message, res.Status, body.Message)
			}
			if gotM != before || gotA != before {
				t.Errorf("hours changed by %s: %s / %s", role, gotM, gotA)
			}
		})
	}
}

// TestHoursRefusedWithTheLocalizedReasonOnTheField: staff sending
// overlapping slots, or a closed day with openings, get internal/hours'
// refusal on the field, in their language, from the mutation exactly as
// from the records API; nothing is written.
func TestHoursRefusedWithTheLocalizedReasonOnTheField(t *testing.T) {
	overlap := []map[string]any{{"day": 2, "opens": "10:00", "closes": "12:00"}, {"day": 2, "opens": "11:30", "closes": "13:00"}}
	closedWithSlots := []map[string]any{{"date": hubtest.InDays(10, "00:00")[:10], "closed": true,
		"slots": []map[string]any{{"opens": "09:00", "closes": "10:00"}}, "note": map[string]string{"it": "Chiuso"}}}
	for _, c := range []struct {
		name, field, code, lang, want string
		value                         any
	}{
		{"overlap in Arabic", "hours", "validation_hours_overlap", "ar", "", overlap},
		{"overlap in Italian", "hours", "validation_hours_overlap", "it", "", overlap},
		{"closed with openings in Ukrainian", "exceptions", "validation_exceptions_closed_with_slots", "uk", "", closedWithSlots},
		{"a time out of range in Chinese", "hours", "validation_hours_time", "zh", "", []map[string]any{{"day": 2, "opens": "25:00", "closes": "26:00"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			place := mainOffice(t, app)
			token := hubtest.Token(t, app, "users", hubtest.StaffEmail)
			before := hubtest.BySlug(t, app, "places", "hug-sede-principale").GetString(c.field)
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
				Header: map[string]string{"Accept-Language": c.lang},
				Body:   map[string]any{"mutations": []m{{hubtest.MutationID(), "update_place_hours", map[string]any{"place": place, c.field: c.value}}}}})
			var r response
			res.JSON(t, &r)
			out := r.Results[0]
			if out.Status != "rejected" {
				t.Fatalf("accepted: %+v", out)
			}
			field, _ := out.Error.Data[c.field].(map[string]any)
			if field["code"] != c.code {
				t.Fatalf("field %s: %v, want code %s", c.field, out.Error.Data, c.code)
			}
			api := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/places/records/" + place, Token: token,
				Header: map[string]string{"Accept-Language": c.lang}, Body: map[string]any{c.field: c.value}})
			var body apiError
			api.JSON(t, &body)
			if api.Status != http.StatusBadRequest || body.Data[c.field]["message"] != field["message"] || body.Data[c.field]["code"] != c.code {
				t.Errorf("API %d %v, mutation %v", api.Status, body.Data, field)
			}
			english := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/places/records/" + place, Token: token,
				Header: map[string]string{"Accept-Language": "en"}, Body: map[string]any{c.field: c.value}})
			var en apiError
			english.JSON(t, &en)
			if c.lang != "en" && en.Data[c.field]["message"] == field["message"] {
				t.Errorf("the %s message is the English one: %q", c.lang, field["message"])
			}
			if got := hubtest.BySlug(t, app, "places", "hug-sede-principale").GetString(c.field); got != before {
				t.Errorf("written anyway: %s", got)
			}
		})
	}
}

// TestHoursChangeSentTwiceLandsOnce: the phone resends an hours change whose
// answer it lost: the stored outcome comes back and the place holds it once.
func TestHoursChangeSentTwiceLandsOnce(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	place := mainOffice(t, app)
	token := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	mut := m{hubtest.MutationID(), "update_place_hours", map[string]any{"place": place, "hours": tuesday,
		"exceptions": []map[string]any{{"date": hubtest.InDays(3, "00:00")[:10], "closed": true, "note": map[string]string{"it": "Chiuso per formazione", "ar": "مغلق للتدريب"}}}}}
	first := push(t, app, token, mut).Results[0]
	again := push(t, app, token, mut).Results[0]
	if first.Status != "applied" || !again.Replayed {
		t.Fatalf("first %+v, again %+v", first, again)
	}
	var hours []map[string]any
	json.Unmarshal([]byte(hubtest.BySlug(t, app, "places", "hug-sede-principale").GetString("hours")), &hours)
	if len(hours) != 3 {
		t.Errorf("hours %v", hours)
	}
}
