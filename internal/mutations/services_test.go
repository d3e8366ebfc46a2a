package mutations_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

const seededService = "hug-informazione-orientamento"

// TestOnlyStaffManageTheDirectory: each role adds, edits and retires a
// service through the mutations and through the records API, on identical
// apps; staff may, a family, an association member and a mediator (who only
// translates) are refused both ways with the same status and message.
func TestOnlyStaffManageTheDirectory(t *testing.T) {
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail,
		"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		t.Run(role, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			service := hubtest.BySlug(t, viaMutation, "services", seededService).Id
			newID := recordID()
			fields := map[string]any{"name": map[string]string{"it": "Sportello compiti"}, "category": "school", "nature": "informal", "runner": "Civico 81"}
			cases := []struct {
				what, mutation string
				args           map[string]any
				method, url    string
				body           map[string]any
			}{
				{"add", "create_service", hubtest.Merge(map[string]any{"service": newID}, fields), http.MethodPost, "/api/collections/services/records", hubtest.Merge(map[string]any{"id": newID}, fields)},
				{"edit", "update_service", map[string]any{"service": service, "category": "school"}, http.MethodPatch, "/api/collections/services/records/" + service, map[string]any{"category": "school"}},
				{"retire", "retire_service", map[string]any{"service": service, "retired": true}, http.MethodPatch, "/api/collections/services/records/" + service, map[string]any{"retired": true}},
			}
			for _, c := range cases {
				out := one(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), c.mutation, c.args)
				res := hubtest.Do(t, viaAPI, hubtest.Request{Method: c.method, URL: c.url, Token: hubtest.Token(t, viaAPI, "users", email),
					Body: c.body, Header: map[string]string{"Accept-Language": "it"}})
				if role == "staff" {
					if out.Status != "applied" || res.Status != http.StatusOK {
						t.Errorf("%s: staff refused: %+v / %d %s", c.what, out, res.Status, res.Body)
					}
					continue
				}
				if out.Status != "rejected" || res.Status < 400 {
					t.Errorf("%s: %s allowed: %+v / %d", c.what, role, out, res.Status)
					continue
				}
				var body apiError
				res.JSON(t, &body)
				if out.Error.Status != res.Status || out.Error.Message != body.Message {
					t.Errorf("%s: mutation %d %q, API %d %q", c.what, out.Error.Status, out.Error.Message, res.Status, body.Message)
				}
			}
			s := hubtest.BySlug(t, viaMutation, "services", seededService)
			if got := s.GetBool("retired") && s.GetString("category") == "school"; got != (role == "staff") {
				t.Errorf("after %s: retired %v, category %s", role, s.GetBool("retired"), s.GetString("category"))
			}
			if _, err := viaMutation.FindRecordById("services", newID); (err == nil) != (role == "staff") {
				t.Errorf("new service by %s: %v", role, err)
			}
		})
	}
}

// TestARetiredServiceIsHiddenFromFamiliesButKept: once retired, guests and
// families neither list nor open it, and a family's phone gets a tombstone
// in its next pull; staff still list it, and bringing it back shows it again.
func TestARetiredServiceIsHiddenFromFamiliesButKept(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	service := hubtest.BySlug(t, app, "services", seededService).Id
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	cursorOf := func(token string) string {
		var page struct {
			Cursor int64 `json:"cursor"`
		}
		hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync", Token: token}).JSON(t, &page)
		return strconv.FormatInt(page.Cursor, 10)
	}
	cursor := cursorOf(family)

	if out := one(t, app, staff, "retire_service", map[string]any{"service": service, "retired": true}); out.Status != "applied" {
		t.Fatalf("retire: %+v", out)
	}
	sees := func(token string) (listed bool, viewStatus int) {
		list := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/services/records?perPage=500", Token: token})
		view := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/services/records/" + service, Token: token})
		return strings.Contains(string(list.Body), service), view.Status
	}
	for who, token := range map[string]string{"guest": "", "family": family} {
		if listed, status := sees(token); listed || status != http.StatusNotFound {
			t.Errorf("%s sees a retired service: listed %v, view %d", who, listed, status)
		}
	}
	if listed, status := sees(staff); !listed || status != http.StatusOK {
		t.Errorf("staff lost the retired service: listed %v, view %d", listed, status)
	}
	pull := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?cursor=" + cursor, Token: family})
	if !strings.Contains(string(pull.Body), `{"op":"delete","collection":"services","id":"`+service+`"}`) {
		t.Errorf("no tombstone for the family: %s", pull.Body)
	}

	if out := one(t, app, staff, "retire_service", map[string]any{"service": service, "retired": false}); out.Status != "applied" {
		t.Fatalf("bring back: %+v", out)
	}
	if listed, _ := sees(family); !listed {
		t.Error("a service brought back is still hidden")
	}
}

// TestOnlyStaffChangeTheCentresContacts: the centre's e-mail and phone, per
// role, through the mutation and the records API alike; a bad e-mail is
// refused on its field in the caller's language.
func TestOnlyStaffChangeTheCentresContacts(t *testing.T) {
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail,
		"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		t.Run(role, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			centres, _ := viaMutation.FindAllRecords("centre")
			centre := centres[0].Id
			change := map[string]any{"email": "nuovo.hug@comune.cremona.it", "phone": "0372 407000"}
			out := one(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), "update_centre_contacts", hubtest.Merge(map[string]any{"centre": centre}, change))
			res := hubtest.Do(t, viaAPI, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/centre/records/" + centre,
				Token: hubtest.Token(t, viaAPI, "users", email), Body: change, Header: map[string]string{"Accept-Language": "it"}})
			after, _ := viaMutation.FindRecordById("centre", centre)
			if role == "staff" {
				if out.Status != "applied" || res.Status != http.StatusOK || after.GetString("phone") != "0372 407000" {
					t.Fatalf("staff: %+v / %d %s", out, res.Status, res.Body)
				}
				bad := one(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), "update_centre_contacts", map[string]any{"centre": centre, "email": "non-una-email"})
				field, _ := bad.Error.Data["email"].(map[string]any)
				if bad.Status != "rejected" || field["code"] != "validation_is_email" {
					t.Errorf("a bad e-mail: %+v", bad)
				}
				return
			}
			var body apiError
			res.JSON(t, &body)
			if out.Status != "rejected" || res.Status < 400 || out.Error.Status != res.Status || out.Error.Message != body.Message {
				t.Errorf("%s: mutation %+v, API %d %q", role, out, res.Status, body.Message)
			}
			if after.GetString("phone") == "0372 407000" {
				t.Errorf("%s changed the centre's phone", role)
			}
		})
	}
}
