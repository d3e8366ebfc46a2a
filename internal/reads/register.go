// Package reads counts how often services, activities and announcements are
// opened, per record and per day, and nothing else: no person, no address,
// no user agent (pb_migrations/1766200000_hub_reads.js). The mediators'
// queue (/translate) puts the most-read services of the last 30 days first.
//
//	POST /api/hub/reads {"collection": "services", "id": "..."}   anyone who may view the record; 204
//	GET  /api/hub/reads/top?collection=services                    mediators and staff: {"id": count}
//
// Counts older than 90 days are deleted each night (hubReadsPrune).
package reads

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// Collection is where the counts are kept.
const Collection = "hub_reads"

// Retention is how long a day's counts are kept.
const Retention = 90 * 24 * time.Hour

// TopWindow is the period the top endpoint sums.
const TopWindow = 30 * 24 * time.Hour

// counted are the collections whose records' reads are counted.
var counted = []string{"services", "activities", "announcements"}

// MustRegister binds the two endpoints and the nightly prune.
func MustRegister(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/hub/reads", handleRead)
		se.Router.GET("/api/hub/reads/top", handleTop).Bind(apis.RequireAuth())
		return se.Next()
	})
	app.Cron().MustAdd("hubReadsPrune", "41 3 * * *", func() {
		if _, err := Prune(app, time.Now()); err != nil {
			app.Logger().Error("reads: prune", "error", err)
		}
	})
}

// day is t's day in the centre's time zone (YYYY-MM-DD).
func day(t time.Time) string {
	return t.In(vocab.TimeZone).Format(time.DateOnly)
}
