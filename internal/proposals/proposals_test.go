package proposals_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// TestWhoMayPropose: through the records API, families, members of a
// verified association and staff propose; a member of an association not
// yet verified and a mediator are told why not; nobody proposes a date
// already past.
func TestWhoMayPropose(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for email, code := range map[string]string{hubtest.FamilyEmail: "", hubtest.VerifiedEmail: "", hubtest.StaffEmail: "",
		hubtest.NewAssocEmail: "proposal_association_unverified", hubtest.MediatorEmail: "proposal_role_not_allowed"} {
		me, _ := app.FindAuthRecordByEmail("users", email)
		body := map[string]any{"title": map[string]string{"it": "Proposta"}, "kind": "play", "status": "pending", "proposer": me.Id,
			"starts_at": hubtest.InDays(20, "10:00"), "ends_at": hubtest.InDays(20, "11:00")}
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
			Token: hubtest.Token(t, app, "users", email), Body: body})
		if code == "" && res.Status != http.StatusOK {
			t.Errorf("%s: %d %s", email, res.Status, res.Body)
		}
		if code != "" && (res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), code)) {
			t.Errorf("%s: %d %s, want 403 %s", email, res.Status, res.Body, code)
		}
		body["starts_at"], body["ends_at"] = hubtest.InDays(-1, "10:00"), hubtest.InDays(-1, "11:00")
		res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
			Token: hubtest.Token(t, app, "users", email), Body: body})
		if code == "" && email != hubtest.StaffEmail && (res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), `"starts_at":{"code":"proposal_in_past"`)) {
			t.Errorf("%s, in the past: %d %s", email, res.Status, res.Body)
		}
	}
}

// TestMyInitiativesShowNamesAndCountsOnly: a member of the verified
// association reads, for its published initiative, who registered by
// display name and how many they are, never their e-mail or phone; a
// family sees no one else's; a guest is refused.
func TestMyInitiativesShowNamesAndCountsOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	other.Set("phone", "333 1234567")
	_ = app.Save(other)
	get := func(token string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/initiatives", Token: token})
	}
	res := get(hubtest.Token(t, app, "users", hubtest.VerifiedEmail))
	body := string(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(body, `"name":"`+other.GetString("name")+`"`) || !strings.Contains(body, `"adults":`) || !strings.Contains(body, `"going":`) {
		t.Errorf("the association reads: %d %s", res.Status, body)
	}
	if strings.Contains(body, "@") || strings.Contains(body, "333") || strings.Contains(body, other.Id) {
		t.Errorf("the association reads personal data: %s", body)
	}
	if res := get(hubtest.Token(t, app, "users", hubtest.FamilyEmail)); res.Status != http.StatusOK || strings.Contains(string(res.Body), other.GetString("name")) {
		t.Errorf("a family reads: %d %s", res.Status, res.Body)
	}
	if res := get(""); res.Status != http.StatusUnauthorized {
		t.Errorf("a guest: %d", res.Status)
	}
}
