package accounts_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// mailedTo waits for the n-th e-mail (counting from 1) and returns it.
func mailedTo(t *testing.T, app *tests.TestApp, n int) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for app.TestMailer.TotalSend() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if app.TestMailer.TotalSend() < n {
		t.Fatalf("e-mail %d was never sent", n)
	}
	return app.TestMailer.Messages()[n-1].To[0].Address
}

func errorCode(t *testing.T, res hubtest.Response, field string) string {
	t.Helper()
	var body struct {
		Data map[string]struct{ Code string }
	}
	res.JSON(t, &body)
	return body.Data[field].Code
}

// An address is one account whatever its case: nobody signs up as
// "STAFF@hug.test" beside staff@hug.test, and a person who types capitals
// reaches their own account (never another) with a password, a code, a
// password reset or a verification; an e-mail change to someone else's
// address in other case is refused. The unique index on email COLLATE
// NOCASE (pb_migrations/1764300000_users_email_nocase.js) is what makes
// PocketBase's lookups case-insensitive.
func TestEmailsAreOneAccountWhateverTheirCase(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	post := func(url string, body map[string]any, token string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: url, Body: body, Token: token})
	}

	res := post("/api/collections/users/records", map[string]any{"email": "STAFF@hug.test", "password": "password-123", "passwordConfirm": "password-123", "privacy_accepted": true}, "")
	if res.Status != http.StatusBadRequest || errorCode(t, res, "email") != "validation_not_unique" {
		t.Fatalf("sign-up as STAFF@hug.test: %d %s", res.Status, res.Body)
	}
	users, _ := app.FindCollectionByNameOrId("users")
	twin := core.NewRecord(users)
	twin.SetEmail("Staff@Hug.Test")
	twin.SetPassword("password-123")
	if err := app.Save(twin); err == nil {
		t.Fatal("the database took Staff@Hug.Test beside staff@hug.test")
	}

	var auth struct{ Record struct{ Id string } }
	res = post("/api/collections/users/auth-with-password", map[string]any{"identity": "FAMIGLIA@Hug.Test", "password": "famiglia-demo-2026"}, "")
	res.JSON(t, &auth)
	if res.Status != http.StatusOK || auth.Record.Id != family.Id {
		t.Fatalf("password with capitals: %d %s", res.Status, res.Body)
	}

	var otp struct{ OtpID string }
	post("/api/collections/users/request-otp", map[string]any{"email": "Famiglia@HUG.test"}, "").JSON(t, &otp)
	if to := mailedTo(t, app, 1); to != hubtest.FamilyEmail {
		t.Fatalf("code mailed to %s", to)
	}
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(app.TestMailer.LastMessage().HTML)
	auth.Record.Id = ""
	res = post("/api/collections/users/auth-with-otp", map[string]any{"otpId": otp.OtpID, "password": code}, "")
	res.JSON(t, &auth)
	if res.Status != http.StatusOK || auth.Record.Id != family.Id {
		t.Fatalf("code asked with capitals: %d %s", res.Status, res.Body)
	}

	if res = post("/api/collections/users/request-password-reset", map[string]any{"email": "FAMIGLIA@HUG.TEST"}, ""); res.Status >= 400 {
		t.Fatalf("password reset: %d %s", res.Status, res.Body)
	}
	if to := mailedTo(t, app, 2); to != hubtest.FamilyEmail {
		t.Errorf("password reset mailed to %s", to)
	}
	if res = post("/api/collections/users/request-verification", map[string]any{"email": "Altra.Famiglia@HUG.test"}, ""); res.Status >= 400 {
		t.Fatalf("verification: %d %s", res.Status, res.Body)
	}
	if to := mailedTo(t, app, 3); to != hubtest.OtherFamilyEmail {
		t.Errorf("verification mailed to %s", to)
	}

	otherToken, _ := other.NewAuthToken()
	res = post("/api/collections/users/request-email-change", map[string]any{"newEmail": "STAFF@HUG.TEST"}, otherToken)
	if res.Status != http.StatusBadRequest || errorCode(t, res, "newEmail") != "validation_invalid_new_email" {
		t.Errorf("e-mail change to STAFF@HUG.TEST: %d %s", res.Status, res.Body)
	}
}

// Accounts that already clash by case stop the migration with a list an
// operator can act on; once one of them is gone, it runs.
func TestEmailClashesStopTheMigration(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	var migration *core.Migration
	for _, m := range core.AppMigrations.Items() {
		if m.File == "1764300000_users_email_nocase.js" {
			migration = m
		}
	}
	if migration == nil {
		t.Fatal("migration 1764300000_users_email_nocase.js not registered")
	}
	// Back to the case-sensitive index of a stock PocketBase, with a clash.
	if err := migration.Down(app); err != nil {
		t.Fatal(err)
	}
	first := hubtest.NewUser(t, app, "dup@hug.test", "family")
	second := hubtest.NewUser(t, app, "DUP@Hug.test", "family")

	err := migration.Up(app)
	if err == nil {
		t.Fatal("the migration ran over accounts that clash")
	}
	for _, want := range []string{"dup@hug.test", first.Id, "DUP@Hug.test", second.Id} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not name %q:\n%v", want, err)
		}
	}
	if err := app.Delete(second); err != nil {
		t.Fatal(err)
	}
	if err := migration.Up(app); err != nil {
		t.Fatalf("after the clash is solved: %v", err)
	}
	if found, err := app.FindAuthRecordByEmail("users", "Dup@HUG.test"); err != nil || found.Id != first.Id {
		t.Errorf("lookup after the migration: %v", err)
	}
}
