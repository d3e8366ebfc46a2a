package activities_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// TestOnlyOwnersAndStaffReceiveWhoProposed: a published proposal is public,
// who proposed it and what staff told them are not, on every way a record
// leaves the hub (records API list and view, the sync feed).
func TestOnlyOwnersAndStaffReceiveWhoProposed(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	proposer := activity.GetString("proposer")
	activity.Set("status", "approved")
	activity.Set("moderation_reason", "Grazie, pubblicata")
	if err := app.Save(activity); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct {
		name, email string
		knows       bool
	}{
		{"guest", "", false},
		{"another family", hubtest.FamilyEmail, false},
		{"a mediator", hubtest.MediatorEmail, false},
		{"the proposer", hubtest.OtherFamilyEmail, true},
		{"staff", hubtest.StaffEmail, true},
	} {
		token := ""
		if who.email != "" {
			token = hubtest.Token(t, app, "users", who.email)
		}
		for _, url := range []string{
			"/api/collections/activities/records/" + activity.Id,
			"/api/collections/activities/records?perPage=500",
			"/api/hub/sync",
		} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
			body := string(res.Body)
			if res.Status != http.StatusOK || !strings.Contains(body, activity.Id) {
				t.Fatalf("%s %s: %d, activity there: %v", who.name, url, res.Status, strings.Contains(body, activity.Id))
			}
			for _, secret := range []string{proposer, "Grazie, pubblicata"} {
				if strings.Contains(body, secret) != who.knows {
					t.Errorf("%s %s: carries %q: %v, want %v", who.name, url, secret, !who.knows, who.knows)
				}
			}
		}
	}
}
