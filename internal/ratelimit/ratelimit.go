// Package ratelimit tells a refused caller how long to wait. PocketBase's
// rate limiter (turned on in pb_migrations/1764000001_hub_settings.js)
// answers 429 without a Retry-After header, and the hub's generic message
// said "wait a few seconds" when a window lasts a minute. This package sets
// Retry-After and says the number of seconds in the caller's language.
package ratelimit

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/i18n"
)

// MessageID is the plural message that names the seconds to wait.
const MessageID = "error_rate_limited"

// triggered is how PocketBase's limiter describes the rule it applied
// (apis/middlewares_rate_limit.go: "triggered rate limit rule: " + rule JSON).
const triggered = "triggered rate limit rule: "

// MustRegister binds the middleware around the localization of errors, so
// its message is the last word.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "hubRetryAfter",
			Func: func(e *core.RequestEvent) error {
				return explain(e, catalog, e.Next())
			},
			// Outside hubLocalizeErrors (RateLimit-5), which would put the
			// status's generic message back.
			Priority: apis.DefaultRateLimitMiddlewarePriority - 6,
		})
		return se.Next()
	})
}

// explain turns a rate limiter's 429 into one that says when to come back.
func explain(e *core.RequestEvent, catalog *i18n.Catalog, err error) error {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests {
		return err
	}
	seconds := RetryAfter(apiErr)
	if seconds <= 0 {
		return err
	}
	e.Response.Header().Set("Retry-After", strconv.Itoa(seconds))
	apiErr.Message = catalog.T(catalog.RequestLang(e.Request), MessageID, map[string]any{"Count": seconds})
	return apiErr
}

// RetryAfter is how many seconds a refused caller waits at most: the
// window of the rule that refused it. PocketBase's windows are fixed (they
// start with a client's first request), and it does not say when the
// current one began, so the whole window is the only bound that is never
// too short. 0 if the error is not the limiter's.
func RetryAfter(apiErr *router.ApiError) int {
	raw, ok := apiErr.RawData().(error)
	if !ok {
		return 0
	}
	_, ruleJSON, found := strings.Cut(raw.Error(), triggered)
	if !found {
		return 0
	}
	var rule core.RateLimitRule
	if json.Unmarshal([]byte(ruleJSON), &rule) != nil {
		return 0
	}
	return int(rule.Duration)
}
