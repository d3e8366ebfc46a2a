// Package attendance is who came to an activity (or to one date of a
// cycle: each date is its own activity):
//
//   - Mark, the one function that records a check-in, called by the
//     mark_attendance mutation (internal/mutations), so staff mark families
//     at the door offline and the tablet's outbox sends it when back online;
//   - Roster, the families going, offered a seat and waitlisted with how
//     many they are and whether they came;
//   - GET /api/hub/staff/attendance/{activity}.csv, the roster for Excel and
//     LibreOffice (internal/staffcsv), staff only.
//
// Attendance records sync to staff only (audience "staff": no other reader
// matches it; staff read every row), so the check-in list works offline.
package attendance

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/i18n"
)

// Collection is where check-ins are kept.
const Collection = "attendance"

// staffAudience matches no family, association or mediator: the change
// log's rows of attendance are read by staff and superusers only.
const staffAudience = "staff"

// MustRegister syncs attendance to staff and binds the CSV export.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	changelog.Track(app, Collection, func(core.App, *core.Record) ([]string, error) {
		return []string{staffAudience}, nil
	}, nil)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/staff/attendance/{file}", handleCSV(catalog)).Bind(apis.RequireAuth())
		return se.Next()
	})
}
