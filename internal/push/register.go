// Package push delivers Web Push notifications (RFC 8030, 8291, 8292): the
// hub's VAPID keys, the subscriptions phones post, and a persistent queue
// that a bounded pool of workers sends with webpush-go. What to send to whom
// is internal/notify's; this package only makes sure it arrives, once.
//
//	GET    /api/hub/push/key            {"publicKey": "<base64url>"}
//	POST   /api/hub/push/subscriptions  guest or signed in; deduplicated by endpoint
//	DELETE /api/hub/push/subscriptions  {"endpoint": "..."}
//
// Endpoints are accepted only from the known push services (KnownServices)
// and the operator's --pushAllow origins, so the hub is never a relay.
package push

import (
	"net/http"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
)

// Options configure delivery; the zero value is production's.
type Options struct {
	// Allow: extra push service origins, comma-separated (--pushAllow).
	Allow string
	// Subscriber is the VAPID contact (RFC 8292 "sub"): an e-mail address
	// or an https URL; "" is the application's sender address.
	Subscriber string
	// Workers is how many sends run at once (0: DefaultWorkers).
	Workers int
	// CheckReceive validates a subscription's choices of what to receive,
	// which belong to internal/notify (notify.ValidateReceive: kinds a guest
	// may follow, public groups only, quiet hours); push cannot import it.
	CheckReceive func(app core.App, receive []byte) error
}

// MustRegister binds the endpoints, starts the worker when the hub serves
// and stops it when it terminates, and the daily clean-up of subscriptions
// a phone stopped renewing.
func MustRegister(app core.App, catalog *i18n.Catalog, opts Options) {
	allow := NewAllowlist(opts.Allow)
	var (
		mu sync.Mutex // serve and terminate may run on different goroutines
		w  *worker
	)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubPushServe",
		Func: func(se *core.ServeEvent) error {
			keys, err := LoadKeys(se.App.DataDir())
			if err != nil {
				return err
			}
			se.Router.GET("/api/hub/push/key", handleKey(keys))
			se.Router.POST("/api/hub/push/subscriptions", handleSubscribe(allow, catalog, opts.CheckReceive))
			se.Router.DELETE("/api/hub/push/subscriptions", handleUnsubscribe)
			mu.Lock()
			if w == nil {
				w = newWorker(se.App, keys, allow, subscriberOf(se.App, opts), opts.Workers)
				if err := w.start(); err != nil {
					w = nil
					mu.Unlock()
					return err
				}
			}
			mu.Unlock()
			return se.Next()
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "hubPushStop",
		Func: func(e *core.TerminateEvent) error {
			mu.Lock()
			if w != nil {
				w.stop()
				w = nil
			}
			mu.Unlock()
			return e.Next()
		},
	})
	app.Cron().MustAdd("hubPushUnused", "17 4 * * *", func() {
		if err := SweepUnused(app, catalog, timeNow()); err != nil {
			app.Logger().Error("push: unused subscriptions", "error", err.Error())
		}
	})
}

// subscriberOf is the VAPID subscriber without a "mailto:" prefix:
// webpush-go adds one, and Apple refuses "mailto:mailto:".
func subscriberOf(app core.App, opts Options) string {
	s := opts.Subscriber
	if s == "" {
		s = app.Settings().Meta.SenderAddress
	}
	if s == "" {
		s = "hug.centrofamiglie.cr@gmail.com"
	}
	for strings.HasPrefix(strings.ToLower(s), "mailto:") {
		s = s[len("mailto:"):]
	}
	return s
}

// statusOK: the push service took the message.
func statusOK(status int) bool {
	return status == http.StatusCreated || status == http.StatusOK || status == http.StatusAccepted
}
