package hub_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// The rate limits set in pb_migrations/1764000001_hub_settings.js,
// 1764300002_signin_limits.js and 1764820000_sync_rate_limits.js, as one
// phone (one address) meets them;
// password guessing meets the hub's per-account budget
// (internal/accounts/signin) first.
func TestRateLimits(t *testing.T) {
	cases := []struct {
		name    string
		allowed int
		mails   int // e-mails the allowed requests send
		request func(i int) hubtest.Request
	}{
		{"password guessing", 5, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
				Body: map[string]any{"identity": hubtest.FamilyEmail, "password": fmt.Sprintf("guess-%d", i)}}
		}},
		// No password: the request is counted but refused before any hash
		// is checked, so the 61 requests fit in the minute even under -race
		// on a slow machine (with passwords they took 84 s there).
		{"everyone at the centre signing in", 60, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
				Body: map[string]any{"identity": fmt.Sprintf("person%d@hug.test", i)}}
		}},
		// an account gets at most 5 live codes: the other requests reuse the newest
		{"one-time codes by e-mail", 10, 5, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-otp",
				Body: map[string]any{"email": hubtest.FamilyEmail}}
		}},
		{"sign-ups", 5, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
				Body: map[string]any{"email": fmt.Sprintf("new%d@hug.test", i), "password": "password-123", "passwordConfirm": "password-123", "privacy_accepted": true}}
		}},
		// a warm open's steps each have a budget for 100 phones behind one
		// address (TestAHundredPhonesBehindOneAddressOpenTheApp), not a flood
		{"pulls", 300, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?cursor=not-a-number"}
		}},
		{"realtime subscriptions", 300, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/realtime", Body: map[string]any{"clientId": "nobody", "subscriptions": []string{"hub/changes"}}}
		}},
		{"messages", 300, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodGet, URL: "/api/hub/i18n/it"}
		}},
		{"config", 300, 0, func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodGet, URL: "/api/hub/config"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			for i := 0; i < c.allowed; i++ {
				if res := hubtest.Do(t, app, c.request(i)); res.Status == http.StatusTooManyRequests {
					t.Fatalf("request %d of %d allowed was limited", i+1, c.allowed)
				}
			}
			res := hubtest.Do(t, app, c.request(c.allowed))
			if res.Status != http.StatusTooManyRequests {
				t.Fatalf("request %d: status %d, want 429", c.allowed+1, res.Status)
			}
			// Codes are mailed in the background: wait for them, and check
			// the limited request sent none.
			waitForMails(t, app, c.mails)
		})
	}
}

// Reading is not limited for a family browsing: a screen makes a handful of
// requests, 200 in a row still pass.
func TestBrowsingIsNotLimited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for i := 0; i < 200; i++ {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records?perPage=50"})
		if res.Status != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, res.Status)
		}
	}
}

func waitForMails(t *testing.T, app *tests.TestApp, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for app.TestMailer.TotalSend() < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // room for an unwanted extra one
	if got := app.TestMailer.TotalSend(); got != want {
		t.Errorf("%d e-mails sent, want %d", got, want)
	}
}
