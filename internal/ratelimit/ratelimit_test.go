package ratelimit_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

// rule is the configured limit with label (pb_migrations), so the test
// follows the tuning of the numbers.
func rule(t *testing.T, app core.App, label string) core.RateLimitRule {
	t.Helper()
	for _, r := range app.Settings().RateLimits.Rules {
		if r.Label == label {
			return r
		}
	}
	t.Fatalf("no rate limit rule %q", label)
	return core.RateLimitRule{}
}

// A refused phone is told how long to wait: Retry-After in seconds (the
// window of the rule that refused it), and a message with that number in
// its language, in the language's plural form.
func TestTooManyRequestsSaysHowLongToWait(t *testing.T) {
	cases := []struct {
		label, lang string
		request     func(i int) hubtest.Request
		message     string // with %d for the seconds
	}{
		{"users:create", "it", func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/records",
				Body: map[string]any{"email": fmt.Sprintf("new%d@hug.test", i), "password": "password-123", "passwordConfirm": "password-123", "privacy_accepted": true}}
		}, "Troppi tentativi: riprova tra %d secondi."},
		{"*:requestPasswordReset", "ar", func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-password-reset",
				Body: map[string]any{"email": hubtest.FamilyEmail}}
		}, "محاولات كثيرة جدًا: حاول مرة أخرى بعد %d ثانية."},
		{"*:requestVerification", "uk", func(i int) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/users/request-verification",
				Body: map[string]any{"email": hubtest.NewAssocEmail}}
		}, "Забагато спроб: спробуйте ще раз через %d секунд."},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			limit := rule(t, app, c.label)
			for i := 0; i <= limit.MaxRequests; i++ {
				r := c.request(i)
				r.Header = map[string]string{"Accept-Language": c.lang}
				res := hubtest.Do(t, app, r)
				if i < limit.MaxRequests {
					if res.Status == http.StatusTooManyRequests || res.Header.Get("Retry-After") != "" {
						t.Fatalf("request %d of %d allowed: %d, Retry-After %q", i+1, limit.MaxRequests, res.Status, res.Header.Get("Retry-After"))
					}
					continue
				}
				var body struct{ Message string }
				res.JSON(t, &body)
				want := fmt.Sprintf(c.message, limit.Duration)
				if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") != fmt.Sprint(limit.Duration) || body.Message != want {
					t.Errorf("refused: %d, Retry-After %q, message %q; want 429, %d, %q",
						res.Status, res.Header.Get("Retry-After"), body.Message, limit.Duration, want)
				}
			}
		})
	}
}

// The message is built with each language's plural rules (go-i18n with
// CLDR): one second is singular.
func TestOneSecondIsSingular(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	// /api/batch allows a few a second; the batch API is off, so only a
	// request over the limit answers 429. A slow machine may cross into
	// the next second between requests (the window starts afresh), so the
	// requests go on until one is refused, a bounded number of times.
	limit := rule(t, app, "/api/batch")
	var last hubtest.Response
	for i := 0; i < 20*(limit.MaxRequests+1); i++ {
		last = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/batch", Token: token,
			Body: map[string]any{"requests": []any{}}, Header: map[string]string{"Accept-Language": "en"}})
		if last.Status == http.StatusTooManyRequests {
			break
		}
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") != "1" ||
		!strings.Contains(string(last.Body), "try again in 1 second.") {
		t.Errorf("batch over the limit: %d, Retry-After %q, %s", last.Status, last.Header.Get("Retry-After"), last.Body)
	}
}
