package signin_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/accounts/signin"
	"github.com/cremona/hug/internal/hubtest"
)

const familyPassword = "famiglia-demo-2026" // internal/seed

// newApp is the hub, trusting X-Real-IP so that a test can speak from
// several addresses.
func newApp(t *testing.T) *tests.TestApp {
	app := hubtest.NewApp(t)
	app.Settings().TrustedProxy.Headers = []string{"X-Real-IP"}
	return app
}

func signIn(t *testing.T, app *tests.TestApp, address, identity, password string) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
		Header: map[string]string{"X-Real-IP": address}, Body: map[string]any{"identity": identity, "password": password}})
}

func requestCode(t *testing.T, app *tests.TestApp, address, email string) string {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-otp",
		Header: map[string]string{"X-Real-IP": address}, Body: map[string]any{"email": email}})
	var body struct{ OtpID string }
	res.JSON(t, &body)
	if res.Status != http.StatusOK || body.OtpID == "" {
		t.Fatalf("request-otp: %d %s", res.Status, res.Body)
	}
	return body.OtpID
}

// mailedCode waits for the n-th e-mail (from 1) and returns its code.
func mailedCode(t *testing.T, app *tests.TestApp, n int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for app.TestMailer.TotalSend() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if app.TestMailer.TotalSend() < n {
		t.Fatalf("e-mail %d never came", n)
	}
	return regexp.MustCompile(`\b\d{6}\b`).FindString(app.TestMailer.Messages()[n-1].HTML)
}

func tryCode(t *testing.T, app *tests.TestApp, address, otpID, code string) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-otp",
		Header: map[string]string{"X-Real-IP": address}, Body: map[string]any{"otpId": otpID, "password": code}})
}

func wrongCode(code string) string {
	n, _ := strconv.Atoi(code)
	return strconv.Itoa(100000 + (n+1)%900000)
}

func expect(t *testing.T, what string, res hubtest.Response, status int) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("%s: %d, want %d: %s", what, res.Status, status, res.Body)
	}
}

// endWindows moves every counter's window into the past, as time would.
func endWindows(t *testing.T, app *tests.TestApp) {
	t.Helper()
	if _, err := app.NonconcurrentDB().NewQuery("UPDATE hub_signin_attempts SET since = since - 3601").Execute(); err != nil {
		t.Fatal(err)
	}
}

// Five wrong passwords from the centre's Wi-Fi pause that account from the
// Wi-Fi only: the other families there still sign in, the family itself
// signs in from its phone's network, and the pause ends with its window.
func TestOneAddressPausesOneAccountFromThereOnly(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	const wifi, phone = "10.0.0.1", "10.0.0.2"
	for i := 0; i < 5; i++ {
		expect(t, "wrong password", signIn(t, app, wifi, hubtest.FamilyEmail, "sbagliata"), http.StatusBadRequest)
	}
	res := signIn(t, app, wifi, hubtest.FamilyEmail, familyPassword)
	expect(t, "sixth try from the Wi-Fi", res, http.StatusTooManyRequests)
	var body struct {
		Data map[string]struct{ Code string }
	}
	res.JSON(t, &body)
	if body.Data["identity"].Code != "signin_password_paused" {
		t.Errorf("the pause does not say why: %s", res.Body)
	}
	if wait, _ := strconv.Atoi(res.Header.Get("Retry-After")); wait <= 0 || wait > 15*60 {
		t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	expect(t, "another family on the Wi-Fi", signIn(t, app, wifi, hubtest.OtherFamilyEmail, "password-123"), http.StatusOK)
	expect(t, "the family from its phone", signIn(t, app, phone, "Famiglia@hug.test", familyPassword), http.StatusOK)

	for i := 0; i < 6; i++ {
		signIn(t, app, wifi, hubtest.FamilyEmail, "sbagliata")
	}
	expect(t, "paused again", signIn(t, app, wifi, hubtest.FamilyEmail, familyPassword), http.StatusTooManyRequests)
	// Ten minutes later, trying on does not stretch the pause: it ends 15
	// minutes after the first try of its window.
	if _, err := app.NonconcurrentDB().NewQuery("UPDATE hub_signin_attempts SET since = since - 600").Execute(); err != nil {
		t.Fatal(err)
	}
	res = signIn(t, app, wifi, hubtest.FamilyEmail, "sbagliata")
	if wait, _ := strconv.Atoi(res.Header.Get("Retry-After")); res.Status != http.StatusTooManyRequests || wait > 5*60 {
		t.Errorf("10 minutes into the pause: %d, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
	}
	endWindows(t, app)
	expect(t, "after the window", signIn(t, app, wifi, hubtest.FamilyEmail, familyPassword), http.StatusOK)
}

// Guessing from many addresses pauses the account's passwords for everyone
// (30 an hour), but never its codes: the family signs in with a code from
// its mailbox, and that gives the password back.
func TestManyAddressesPauseThePasswordNotTheCode(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	for a := 1; a <= 6; a++ {
		for i := 0; i < 5; i++ {
			expect(t, "wrong password", signIn(t, app, "10.0.1."+strconv.Itoa(a), hubtest.FamilyEmail, "sbagliata"), http.StatusBadRequest)
		}
	}
	const home = "10.0.2.1"
	expect(t, "the right password from a new address", signIn(t, app, home, hubtest.FamilyEmail, familyPassword), http.StatusTooManyRequests)
	otpID := requestCode(t, app, home, hubtest.FamilyEmail)
	expect(t, "a code", tryCode(t, app, home, otpID, mailedCode(t, app, 1)), http.StatusOK)
	expect(t, "the password after the code", signIn(t, app, home, hubtest.FamilyEmail, familyPassword), http.StatusOK)
}

// A code dies after 5 tries, the right code included after them; and one
// account takes 10 wrong codes an hour from everywhere, then codes pause
// (its password still works).
func TestACodeDiesAfterFiveTries(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	first := requestCode(t, app, "10.0.3.1", hubtest.FamilyEmail)
	code := mailedCode(t, app, 1)
	for i := 0; i < 5; i++ {
		expect(t, "wrong code", tryCode(t, app, "10.0.3.1", first, wrongCode(code)), http.StatusBadRequest)
	}
	expect(t, "the right code after five wrong ones", tryCode(t, app, "10.0.3.2", first, code), http.StatusBadRequest)
	if _, err := app.FindOTPById(first); err == nil {
		t.Error("the code is still stored")
	}

	second := requestCode(t, app, "10.0.3.2", hubtest.FamilyEmail)
	code = mailedCode(t, app, 2)
	for i := 0; i < 5; i++ {
		expect(t, "wrong code", tryCode(t, app, "10.0.3.2", second, wrongCode(code)), http.StatusBadRequest)
	}
	third := requestCode(t, app, "10.0.3.3", hubtest.FamilyEmail)
	expect(t, "an eleventh try this hour", tryCode(t, app, "10.0.3.3", third, mailedCode(t, app, 3)), http.StatusTooManyRequests)
	expect(t, "the password", signIn(t, app, "10.0.3.3", hubtest.FamilyEmail, familyPassword), http.StatusOK)
}

// The counters are in the database: a hub restarted on the same data still
// pauses the account.
func TestPausesSurviveARestart(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	for i := 0; i < 5; i++ {
		signIn(t, app, "10.0.4.1", hubtest.FamilyEmail, "sbagliata")
	}
	// A new process on the same data: a copy of the data dir, the sign-in
	// guard bound again, nothing kept from the first app's memory.
	restarted, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: app.DataDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Cleanup()
	signin.MustRegister(restarted)
	restarted.Settings().TrustedProxy.Headers = []string{"X-Real-IP"}
	expect(t, "after the restart", signIn(t, restarted, "10.0.4.1", hubtest.FamilyEmail, familyPassword), http.StatusTooManyRequests)
}

// An address without an account pauses like one with an account, so a pause
// does not tell whether the address is known.
func TestAnUnknownAddressPausesLikeAKnownOne(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	for _, identity := range []string{hubtest.FamilyEmail, "nessuno@hug.test"} {
		for i := 0; i < 5; i++ {
			expect(t, identity, signIn(t, app, "10.0.8.1", identity, "sbagliata"), http.StatusBadRequest)
		}
		expect(t, identity+", sixth try", signIn(t, app, "10.0.8.1", identity, "sbagliata"), http.StatusTooManyRequests)
	}
}
