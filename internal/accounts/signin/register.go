// Package signin protects sign-in: the budgets of attempts per account and
// address (guard.go, budget.go) and code requests that answer alike for
// every address (codes.go). docs/SECURITY.md, L1 and L2, says why.
package signin

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the sign-in guard, the code requests and the hourly
// purge of old counters.
func MustRegister(app core.App) {
	pending := &sync.WaitGroup{}
	app.OnRecordRequestOTPRequest().Bind(&hook.Handler[*core.RecordCreateOTPRequestEvent]{
		Id:   "hubCodeRequestAnswersAlike",
		Func: onCodeRequest(pending),
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "hubCodesSentBeforeStop",
		Func: func(e *core.TerminateEvent) error {
			done := make(chan struct{})
			go func() { pending.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				e.App.Logger().Warn("Stopping with sign-in codes still being sent")
			}
			return e.Next()
		},
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubSigninGuard",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:   "hubSigninGuard",
				Func: guard,
				// After the body limit (the guard reads the body) and
				// PocketBase's per-address limiter, inside the error
				// localization.
				Priority: apis.DefaultBodyLimitMiddlewarePriority + 1,
			})
			return se.Next()
		},
	})
	app.Cron().MustAdd("hubSigninAttemptsPurge", "17 * * * *", func() {
		if err := purgeOld(app); err != nil {
			app.Logger().Error("Failed to purge old sign-in counters", "error", err)
		}
	})
}
