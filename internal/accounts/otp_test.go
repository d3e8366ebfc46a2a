package accounts_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
)

// A family that forgot its password signs in with a code sent by e-mail
// (PocketBase's OTP, turned on by the migration), and a sign-up without a
// role is a family.
func TestSignInWithACodeByEmail(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-otp",
		Body: map[string]any{"email": hubtest.FamilyEmail}})
	var otp struct{ OtpID string }
	res.JSON(t, &otp)
	if res.Status != http.StatusOK || otp.OtpID == "" {
		t.Fatalf("request-otp: %d %s", res.Status, res.Body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for app.TestMailer.TotalSend() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	mail := app.TestMailer.LastMessage()
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(mail.HTML)
	if code == "" || mail.To[0].Address != hubtest.FamilyEmail {
		t.Fatalf("no 6-digit code mailed to the family: %v", mail.To)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-otp",
		Body: map[string]any{"otpId": otp.OtpID, "password": code}})
	var auth struct {
		Token  string
		Record struct{ Email, Role string }
	}
	res.JSON(t, &auth)
	if res.Status != http.StatusOK || auth.Token == "" || auth.Record.Role != "family" {
		t.Fatalf("auth-with-otp: %d %s", res.Status, res.Body)
	}
}

// Signing up, a person says whether they are a family or an association
// member, and nothing more: a sign-up as staff or mediator is refused and
// leaves no account.
func TestSignUpAsAnAssociationMemberButNeverAsStaff(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	signUp := func(email, role string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
			Body: map[string]any{"email": email, "password": "password-123", "passwordConfirm": "password-123", "privacy_accepted": true, "role": role}})
	}
	if res := signUp("genitori-in-rete@hug.test", "association"); res.Status != http.StatusOK {
		t.Fatalf("as an association member: %d %s", res.Status, res.Body)
	}
	if user, err := app.FindAuthRecordByEmail("users", "genitori-in-rete@hug.test"); err != nil || user.GetString("role") != "association" {
		t.Fatalf("association member: %v %v", user, err)
	}
	for _, role := range []string{"staff", "mediator", "verified_assoc", "superuser"} {
		email := "finto-" + role + "@hug.test"
		if res := signUp(email, role); res.Status < 400 {
			t.Errorf("signing up as %s: %d", role, res.Status)
		}
		if _, err := app.FindAuthRecordByEmail("users", email); err == nil {
			t.Errorf("signing up as %s left an account", role)
		}
	}
}

func TestSignUpIsAFamily(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
		Body: map[string]any{"email": "nuova@hug.test", "password": "password-123", "passwordConfirm": "password-123", "privacy_accepted": true}})
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	user, err := app.FindAuthRecordByEmail("users", "nuova@hug.test")
	if err != nil || user.GetString("role") != "family" {
		t.Fatalf("role %q", user.GetString("role"))
	}
}
