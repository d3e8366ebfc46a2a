package refusals_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
)

type apiError struct {
	Message string
	Data    map[string]struct{ Code, Message string }
}

func activity(t *testing.T, app *tests.TestApp, data map[string]any) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"it": "Prova"}, "kind": "meeting", "status": "approved",
		"starts_at": hubtest.InDays(60, "10:00"), "ends_at": hubtest.InDays(60, "11:00")})
	a.Load(data)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// A write refused for a reason the person can act on says which, in their
// language, with a stable code on the field it is about, and the top-level
// message says the same (not "check the marked fields" with nothing marked,
// not "Not found" for what is on their screen).
func TestRefusalsSayWhy(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	familyToken := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	assoc, _ := app.FindAuthRecordByEmail("users", hubtest.NewAssocEmail)
	assocToken := hubtest.Token(t, app, "users", hubtest.NewAssocEmail)
	dropIn := activity(t, app, map[string]any{"registration_required": false})
	published := activity(t, app, map[string]any{"proposer": family.Id})
	othersPublic := activity(t, app, map[string]any{"registration_required": true})
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	unverified := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	membership, _ := app.FindFirstRecordByFilter("memberships", "user = {:u}", map[string]any{"u": family.Id})
	if membership == nil {
		c, _ := app.FindCollectionByNameOrId("memberships")
		membership = core.NewRecord(c)
		membership.Load(map[string]any{"group": hubtest.BySlug(t, app, "groups", "0-6-anni").Id, "user": family.Id, "status": "active"})
		if err := app.Save(membership); err != nil {
			t.Fatal(err)
		}
	}
	proposal := func(org string) map[string]any {
		return map[string]any{"title": map[string]string{"it": "Laboratorio"}, "kind": "workshop", "status": "pending", "proposer": assoc.Id,
			"organization": org, "starts_at": hubtest.InDays(90, "10:00"), "ends_at": hubtest.InDays(90, "11:00")}
	}

	cases := []struct {
		name, method, url, token string
		body                     any
		status                   int
		field, code              string
	}{
		{"registering where no registration is needed", http.MethodPost, "/api/collections/registrations/records", familyToken,
			map[string]any{"activity": dropIn.Id, "user": family.Id, "adults": 1}, 403, "activity", "registration_not_needed"},
		{"registering someone else", http.MethodPost, "/api/collections/registrations/records", familyToken,
			map[string]any{"activity": othersPublic.Id, "user": assoc.Id, "adults": 1}, 403, "user", "refused_not_yourself"},
		{"signing up as staff", http.MethodPost, "/api/collections/users/records", "",
			map[string]any{"email": "nuovo@hug.test", "password": "password-123", "passwordConfirm": "password-123", "role": "staff"}, 403, "role", "role_not_allowed"},
		{"making oneself staff", http.MethodPatch, "/api/collections/users/records/" + family.Id, familyToken,
			map[string]any{"role": "staff"}, 403, "role", "role_not_allowed"},
		{"proposing under an organization one is not in", http.MethodPost, "/api/collections/activities/records", assocToken,
			proposal(solco.Id), 403, "organization", "organization_not_member"},
		{"proposing under an organization not yet verified", http.MethodPost, "/api/collections/activities/records", assocToken,
			proposal(unverified.Id), 403, "organization", "organization_not_verified"},
		{"withdrawing a published proposal", http.MethodDelete, "/api/collections/activities/records/" + published.Id, familyToken,
			nil, 403, "status", "proposal_decided"},
		{"editing someone else's activity", http.MethodPatch, "/api/collections/activities/records/" + othersPublic.Id, familyToken,
			map[string]any{"title": map[string]string{"it": "Mia"}}, 403, "request", "not_yours"},
		{"approving one's own membership", http.MethodPatch, "/api/collections/memberships/records/" + membership.Id, familyToken,
			map[string]any{"status": "active"}, 403, "status", "staff_only_field"},
		{"changing the opening hours", http.MethodPatch, "/api/collections/places/records/" + hubtest.BySlug(t, app, "places", "hug-sede-principale").Id, familyToken,
			map[string]any{"phone": "1"}, 403, "request", "staff_only"},
	}
	for _, c := range cases {
		for _, lang := range []string{"it", "ar"} {
			res := hubtest.Do(t, app, hubtest.Request{Method: c.method, URL: c.url, Token: c.token, Body: c.body,
				Header: map[string]string{"Accept-Language": lang}})
			var e apiError
			res.JSON(t, &e)
			want := catalog.T(lang, c.code, nil)
			if res.Status != c.status || e.Data[c.field].Code != c.code || e.Data[c.field].Message != want || e.Message != want || len(e.Data) != 1 {
				t.Errorf("%s (%s): %d %s\nwant %d %s.%s %q", c.name, lang, res.Status, res.Body, c.status, c.field, c.code, want)
			}
		}
	}
}

// A record the person may not view stays "Not found", word for word the
// same as a record that does not exist: explaining must not reveal it.
func TestHiddenRecordsStayNotFound(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	theirs, err := app.FindFirstRecordByFilter("registrations", "user = {:u}", map[string]any{"u": other.Id})
	if err != nil {
		t.Fatal(err)
	}
	request, _ := app.FindFirstRecordByFilter("appointment_requests", "user = {:u}", map[string]any{"u": other.Id})
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	for _, method := range []string{http.MethodPatch, http.MethodDelete} {
		for collection, id := range map[string]string{"registrations": theirs.Id, "appointment_requests": request.Id, "activities": pending.Id} {
			got := hubtest.Do(t, app, hubtest.Request{Method: method, URL: "/api/collections/" + collection + "/records/" + id, Token: token,
				Body: map[string]any{"status": "cancelled"}, Header: map[string]string{"Accept-Language": "ar"}})
			missing := hubtest.Do(t, app, hubtest.Request{Method: method, URL: "/api/collections/" + collection + "/records/nonexistent12345", Token: token,
				Body: map[string]any{"status": "cancelled"}, Header: map[string]string{"Accept-Language": "ar"}})
			if got.Status != http.StatusNotFound || string(got.Body) != string(missing.Body) {
				t.Errorf("%s %s: %d %s, a missing record: %d %s", method, collection, got.Status, got.Body, missing.Status, missing.Body)
			}
		}
	}
}

// Registering twice says so once, in the person's words, instead of "This
// value is already in use." for each column of the unique index.
func TestRegisteringTwiceSaysSoOnce(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	a := activity(t, app, map[string]any{"registration_required": true})
	body := map[string]any{"activity": a.Id, "user": family.Id, "adults": 1}
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: token, Body: body}); res.Status != 200 {
		t.Fatalf("first: %d %s", res.Status, res.Body)
	}
	for _, lang := range []string{"it", "ar"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records", Token: token, Body: body,
			Header: map[string]string{"Accept-Language": lang}})
		var e apiError
		res.JSON(t, &e)
		want := catalog.T(lang, "registration_exists", nil)
		if res.Status != 400 || len(e.Data) != 1 || e.Data["request"].Code != "registration_exists" || e.Message != want {
			t.Errorf("%s: %d %s", lang, res.Status, res.Body)
		}
	}
}

// A handler's specific message keeps its meaning at the top level, localized
// by its code, instead of the status's generic message.
func TestSpecificMessagesAreNotFlattened(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	started := activity(t, app, map[string]any{"registration_required": true, "starts_at": "2024-01-08 10:00:00.000Z", "ends_at": "2024-01-08 11:00:00.000Z"})
	for _, lang := range []string{"it", "ar"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
			Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail), Body: map[string]any{"activity": started.Id, "user": family.Id, "adults": 1},
			Header: map[string]string{"Accept-Language": lang}})
		var e apiError
		res.JSON(t, &e)
		if want := catalog.T(lang, "registration_closed", nil); res.Status != 400 || e.Message != want {
			t.Errorf("%s: %d %s, want message %q", lang, res.Status, res.Body, want)
		}
	}
}
