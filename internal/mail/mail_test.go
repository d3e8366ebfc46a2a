package mail_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mail"
)

// syncBuffer is a console the hub prints on while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type caught struct {
	Items []mail.Caught `json:"items"`
}

// waitForMail reads the caught e-mail as the superuser until one to `to`
// arrives (PocketBase mails in the background).
func waitForMail(t *testing.T, app *tests.TestApp, to string) mail.Caught {
	t.Helper()
	token := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	for i := 0; i < 100; i++ {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: mail.ListPath, Token: token})
		if res.Status != http.StatusOK {
			t.Fatalf("superuser reading the caught mail: %d %s", res.Status, res.Body)
		}
		var list caught
		res.JSON(t, &list)
		for _, m := range list.Items {
			if len(m.To) == 1 && m.To[0] == to {
				return m
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no e-mail to %s was caught", to)
	return mail.Caught{}
}

func demoApp(t *testing.T, console *syncBuffer) *tests.TestApp {
	return hubtest.NewAppWith(t, func(cfg *config.Config) {
		cfg.Demo = true
		if console != nil {
			cfg.Console = console
		}
	})
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

// A newcomer after `make run`: asks for a code, finds it on the console and
// on the superuser's page, and signs in with it; nothing was sent.
func TestACaughtCodeSignsIn(t *testing.T) {
	console := &syncBuffer{}
	app := demoApp(t, console)
	defer app.Cleanup()

	var otp struct {
		OtpID string `json:"otpId"`
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-otp",
		Body: map[string]any{"email": hubtest.FamilyEmail}})
	if res.Status != http.StatusOK {
		t.Fatalf("request-otp: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &otp)

	m := waitForMail(t, app, hubtest.FamilyEmail)
	code := sixDigits.FindString(m.Text)
	if code == "" {
		t.Fatalf("no code in the caught text %q", m.Text)
	}
	if !strings.Contains(console.String(), code) || !strings.Contains(console.String(), hubtest.FamilyEmail) {
		t.Errorf("the console does not show the code %s to %s:\n%s", code, hubtest.FamilyEmail, console.String())
	}
	if m.Sent || app.TestMailer.TotalSend() != 0 {
		t.Errorf("without SMTP the demo hub sent the mail (sent=%v, %d sent)", m.Sent, app.TestMailer.TotalSend())
	}

	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-otp",
		Body: map[string]any{"otpId": otp.OtpID, "password": code}})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"token"`) {
		t.Fatalf("signing in with the caught code: %d %s", res.Status, res.Body)
	}
}

// Caught mail holds codes and links that sign anybody in: only the
// superuser reads it. Staff, families and guests are refused, and without
// demo mode there is nothing to read.
func TestCaughtMailIsForTheSuperuserOnly(t *testing.T) {
	app := demoApp(t, nil)
	defer app.Cleanup()
	cases := []struct {
		who    string
		token  string
		status int
	}{
		{"guest", "", http.StatusUnauthorized},
		{"family", hubtest.Token(t, app, "users", hubtest.FamilyEmail), http.StatusForbidden},
		{"staff", hubtest.Token(t, app, "users", hubtest.StaffEmail), http.StatusForbidden},
		{"superuser", hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail), http.StatusOK},
	}
	for _, c := range cases {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: mail.ListPath, Token: c.token})
		if res.Status != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.who, res.Status, c.status, res.Body)
		}
	}

	// The page people open has no data of its own, and the strict CSP.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: mail.PagePath})
	if res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") ||
		strings.Contains(string(res.Body), "<script>") || strings.Contains(string(res.Body), "style=") {
		t.Errorf("the mail page: %d, CSP %q, inline script or style in %s", res.Status, res.Header.Get("Content-Security-Policy"), res.Body)
	}

	production := hubtest.NewApp(t)
	defer production.Cleanup()
	su := hubtest.Token(t, production, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	if res := hubtest.Do(t, production, hubtest.Request{Method: http.MethodGet, URL: mail.ListPath, Token: su}); res.Status != http.StatusNotFound {
		t.Errorf("without demo mode the mail list answers %d, want 404", res.Status)
	}
}

// requestVerification asks for a verification e-mail on a hub started
// with --http=addr and returns the caught message.
func requestVerification(t *testing.T, app *tests.TestApp, addr string) mail.Caught {
	t.Helper()
	hubtest.HandlerAt(t, app, addr)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-verification",
		Body: map[string]any{"email": hubtest.NewAssocEmail}})
	if res.Status != http.StatusNoContent {
		t.Fatalf("request-verification: %d %s", res.Status, res.Body)
	}
	return waitForMail(t, app, hubtest.NewAssocEmail)
}

// The links in e-mails point where the hub serves (--http), so a
// verification link works on a newcomer's machine whatever port they chose.
func TestLinksFollowTheServedAddress(t *testing.T) {
	app := demoApp(t, nil)
	defer app.Cleanup()
	m := requestVerification(t, app, "127.0.0.1:8123")
	if !strings.Contains(m.Text, "http://127.0.0.1:8123/_/#/auth/confirm-verification/") {
		t.Errorf("the verification link does not follow --http=127.0.0.1:8123:\n%s", m.Text)
	}
	if got := app.Settings().Meta.AppURL; got != "http://127.0.0.1:8123" {
		t.Errorf("application URL %q", got)
	}
	// Only in memory: the database keeps "not set", so the next start on
	// another port follows that port.
	var stored string
	if err := app.DB().NewQuery("SELECT value FROM _params WHERE id = 'settings'").Row(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "8123") || !strings.Contains(stored, mail.PocketBaseDefaultAppURL) {
		t.Errorf("the served address was stored in the settings: %s", stored)
	}
}

// An application URL the operator set is kept.
func TestLinksKeepTheOperatorsApplicationURL(t *testing.T) {
	app := demoApp(t, nil)
	defer app.Cleanup()
	app.Settings().Meta.AppURL = "https://hug.example.org"
	if err := app.Save(app.Settings()); err != nil {
		t.Fatal(err)
	}
	m := requestVerification(t, app, "0.0.0.0:8090")
	if !strings.Contains(m.Text, "https://hug.example.org/_/#/auth/confirm-verification/") {
		t.Errorf("the operator's application URL was not kept:\n%s", m.Text)
	}
}
