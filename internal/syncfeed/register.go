// Package syncfeed serves the pull half of sync (docs/SYNC.md):
// GET /api/hub/sync?cursor=N&limit=M reads the change log
// (internal/changelog) for the caller's audiences and loads the records it
// names under each collection's own list rule, so what the feed gives and
// what the records API lets the caller list are the same
// (TestAFullSyncEqualsWhatEachRoleCanList).
package syncfeed

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the pull endpoint. Guests may pull (the public
// audience); the hub's gzip middleware (internal/web) compresses it.
func MustRegister(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubSyncFeed",
		Func: func(se *core.ServeEvent) error {
			se.Router.GET("/api/hub/sync", handlePull)
			return se.Next()
		},
	})
}
