// Package queryguard is the hub's allowlist for the expressions clients
// send: the filter, sort, expand and fields of record and auth requests and
// the options of realtime subscriptions. PocketBase (v0.40.4) does not check
// the related collection's list rule inside the "multi-match" subquery it
// builds for non-"?" operators over back-relations and multiple relations
// (core/record_field_resolver.go), so a filter through a relation can probe
// rows the caller cannot see. The guard parses each expression with
// PocketBase's own parsers and lets through only what allowlist.go lists
// for the caller's role; docs/SECURITY.md (H1) explains it.
package queryguard

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MiddlewareId names the guard on the router, so a test or an operator can
// find it.
const MiddlewareId = "hubQueryGuard"

// MustRegister binds the guard to every request. It runs after PocketBase
// has read the auth token (it needs the role) and after the rate limiter
// (probing is rate-limited too), before any route.
func MustRegister(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: MiddlewareId,
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       MiddlewareId,
				Func:     guard,
				Priority: apis.DefaultBodyLimitMiddlewarePriority + 10,
			})
			return se.Next()
		},
	})
}
