package signup_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/signup"
)

func signUpBody(accepted any) map[string]any {
	body := map[string]any{
		"email": "nuova@hug.test", "password": "password-123", "passwordConfirm": "password-123",
		"name": "Amina", "role": "family", "languages": []string{"ar"}, "municipality": "Cremona",
		"children_age_bands": []string{"0-3"},
		// a phone cannot choose when it accepted
		signup.AcceptedField: "2025-01-01 00:00:00.000Z",
	}
	if accepted != nil {
		body[signup.AcceptField] = accepted
	}
	return body
}

// A sign-up without the privacy notice accepted is refused in the person's
// language, with a stable code on the checkbox's field; nothing is created.
func TestSignUpNeedsThePrivacyNotice(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, accepted := range []any{nil, false, "no"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
			Body: signUpBody(accepted), Header: map[string]string{"Accept-Language": "it"}})
		var body struct {
			Data map[string]struct{ Code, Message string }
		}
		res.JSON(t, &body)
		field := body.Data[signup.AcceptField]
		if res.Status != http.StatusBadRequest || field.Code != "signup_privacy_required" ||
			field.Message != "Per creare un account accetta l'informativa sulla privacy." {
			t.Errorf("privacy_accepted=%v: %d %s", accepted, res.Status, res.Body)
		}
	}
	if _, err := app.FindAuthRecordByEmail("users", "nuova@hug.test"); err == nil {
		t.Error("a refused sign-up created the account")
	}
}

// An accepted sign-up keeps the minimum the person gave and the server's
// time of acceptance, not the phone's.
func TestSignUpRecordsWhenThePrivacyNoticeWasAccepted(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	before := time.Now().Add(-time.Second)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records", Body: signUpBody(true)})
	if res.Status != http.StatusOK {
		t.Fatalf("sign-up: %d %s", res.Status, res.Body)
	}
	user, err := app.FindAuthRecordByEmail("users", "nuova@hug.test")
	if err != nil {
		t.Fatal(err)
	}
	at := user.GetDateTime(signup.AcceptedField).Time()
	if at.Before(before) || at.After(time.Now()) {
		t.Errorf("accepted at %s, want the server's now", at)
	}
	if user.GetString("name") != "Amina" || user.GetString("role") != "family" || user.GetStringSlice("languages")[0] != "ar" ||
		user.GetString("municipality") != "Cremona" || user.GetStringSlice("children_age_bands")[0] != "0-3" || user.Verified() {
		t.Errorf("the account is not what the person gave: %v", user.PublicExport())
	}
}

// Once recorded, the acceptance time is nobody's to change through the API:
// not the person's, not staff's; and staff creating an account for someone
// (a mediator) cannot accept on their behalf.
func TestPrivacyAcceptanceIsTheServers(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family, err := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if err != nil {
		t.Fatal(err)
	}
	accepted := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	family.Set(signup.AcceptedField, accepted)
	if err := app.Save(family); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct{ collection, email string }{{"users", hubtest.FamilyEmail}, {"users", hubtest.StaffEmail}} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + family.Id,
			Token: hubtest.Token(t, app, who.collection, who.email), Body: map[string]any{signup.AcceptedField: "2027-01-01 00:00:00.000Z"}})
		if res.Status == http.StatusOK {
			t.Errorf("%s changed the acceptance time", who.email)
		}
	}
	if got, _ := app.FindRecordById("users", family.Id); !got.GetDateTime(signup.AcceptedField).Time().Equal(accepted) {
		t.Errorf("acceptance time now %s", got.GetDateTime(signup.AcceptedField))
	}

	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail),
		Body: map[string]any{"email": "mediatore@hug.test", "password": "password-123", "passwordConfirm": "password-123", "role": "mediator",
			signup.AcceptField: true, signup.AcceptedField: "2026-01-01 00:00:00.000Z"}})
	if res.Status != http.StatusOK {
		t.Fatalf("staff creating a mediator: %d %s", res.Status, res.Body)
	}
	mediator, _ := app.FindAuthRecordByEmail("users", "mediatore@hug.test")
	if !mediator.GetDateTime(signup.AcceptedField).IsZero() {
		t.Errorf("staff accepted the notice for the mediator: %s", mediator.GetDateTime(signup.AcceptedField))
	}
}
