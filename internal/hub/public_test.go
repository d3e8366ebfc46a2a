package hub_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// A guest opening the app sees the five access points with the hours the
// press release gives, and nothing invented where it gives none.
func TestGuestSeesTheFiveAccessPointsWithTheSeedHours(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()

	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/places/records?sort=sort"})
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	var list struct {
		Items []struct {
			Slug          string
			Name          string
			Address       string
			ByAppointment bool `json:"by_appointment"`
			Hours         []struct {
				Day           int
				Opens, Closes string
			}
		}
	}
	res.JSON(t, &list)
	if len(list.Items) != 5 {
		t.Fatalf("want 5 access points, got %d", len(list.Items))
	}
	hours := map[string]string{}
	for _, p := range list.Items {
		var slots []string
		for _, h := range p.Hours {
			slots = append(slots, string(rune('0'+h.Day))+" "+h.Opens+"-"+h.Closes)
		}
		hours[p.Slug] = strings.Join(slots, ", ")
	}
	want := map[string]string{
		"hug-sede-principale":           "2 12:00-14:00, 4 17:00-19:00", // Tuesday 12-14, Thursday 17-19
		"punto-azienda-sociale":         "1 08:00-10:00",                // Monday 8-10
		"polo-infanzia-hack-montalcini": "",                             // no hours given: by appointment
		"civico-81":                     "",
		"punto-soresina":                "",
	}
	for slug, w := range want {
		if got, ok := hours[slug]; !ok || got != w {
			t.Errorf("%s: hours %q, want %q", slug, got, w)
		}
	}
	if !strings.Contains(list.Items[0].Address, "piazza Giovanni XXIII") {
		t.Errorf("main office address %q", list.Items[0].Address)
	}
}

func TestFamilyCannotMakeItselfStaff(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)

	for _, role := range []string{"staff", "mediator", "association"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + family.Id,
			Token: token, Body: map[string]any{"role": role}})
		if res.Status < 400 {
			t.Errorf("setting own role to %s: status %d", role, res.Status)
		}
	}
	// The same family may still edit its own profile.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + family.Id,
		Token: token, Body: map[string]any{"municipality": "Soresina", "languages": []string{"ar", "fr"}}})
	if res.Status != http.StatusOK {
		t.Fatalf("editing own profile: %d %s", res.Status, res.Body)
	}
	after, _ := app.FindRecordById("users", family.Id)
	if after.GetString("role") != "family" || after.GetString("municipality") != "Soresina" {
		t.Errorf("after: role %q municipality %q", after.GetString("role"), after.GetString("municipality"))
	}
}

// A family's token lists its own registrations and appointment requests,
// and never another family's.
func TestFamilySeesOnlyItsOwnPrivateRecords(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)

	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/appointment_requests/records",
		Token: token, Body: map[string]any{"user": family.Id, "topic": "parenting_consultation", "message": "Mio figlio non dorme", "contact_phone": "333 1234567"}})
	if res.Status != http.StatusOK {
		t.Fatalf("own appointment request: %d %s", res.Status, res.Body)
	}

	for _, collection := range []string{"registrations", "appointment_requests", "memberships"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/" + collection + "/records", Token: token})
		var list struct {
			Items []struct{ User string }
		}
		res.JSON(t, &list)
		if len(list.Items) == 0 {
			t.Errorf("%s: the family sees none of its own", collection)
		}
		for _, item := range list.Items {
			if item.User != family.Id {
				t.Errorf("%s: the family sees a record of user %s (other family is %s)", collection, item.User, other.Id)
			}
		}
	}
}
