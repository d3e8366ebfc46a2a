// Package figures is what the centre reports to its funding body (ATS Val
// Padana, DGR 1507/2023) for a period: Compute counts, suppress.go hides
// small counts, and two staff-only endpoints give the same report:
//
//	GET /api/hub/staff/figures?from=YYYY-MM-DD&to=YYYY-MM-DD       JSON, for the page
//	GET /api/hub/staff/figures.csv?from=YYYY-MM-DD&to=YYYY-MM-DD   the file (internal/staffcsv)
package figures

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// MustRegister binds the two endpoints.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/staff/figures", handleJSON(catalog)).Bind(apis.RequireAuth())
		se.Router.GET("/api/hub/staff/figures.csv", handleCSV(catalog)).Bind(apis.RequireAuth())
		return se.Next()
	})
}
