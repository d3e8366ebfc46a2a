// Package auditview is the staff's window on the audit log
// (internal/moderation): who decided what, when, from which state to which
// and why, filtered on the server with bound parameters (never a client
// filter expression), names resolved for staff at read time (the log keeps
// account ids only), dates in the centre's time zone.
//
//	GET /api/hub/staff/audit?actor=&action=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=   JSON, for /staff/audit
//	GET /api/hub/staff/audit.csv?actor=&action=&from=&to=                          every matching line (internal/staffcsv)
//
// It only reads: the log stays append-only (moderation's guard,
// TestAuditLogCannotBeRewritten).
package auditview

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// MustRegister binds the two endpoints.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/staff/audit", handleJSON(catalog)).Bind(apis.RequireAuth())
		se.Router.GET("/api/hub/staff/audit.csv", handleCSV(catalog)).Bind(apis.RequireAuth())
		return se.Next()
	})
}
