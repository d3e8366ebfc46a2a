// Package calendar serves the hub's calendar feeds (RFC 5545), for calendar
// apps that subscribe to them (webcal://):
//
//	GET  /api/hub/calendar/all.ics           every activity a guest may see
//	GET  /api/hub/calendar/{group}.ics       a public group's (slug or id)
//	GET  /api/hub/calendar/me/{token}.ics    a family's own registrations
//	GET  /api/hub/calendar/me                signed in: the path of my feed
//	POST /api/hub/calendar/me/token          signed in: a new secret, the old URL stops working
//
// The public feeds hold exactly what the activities' list rule shows a guest
// (approved and cancelled activities); a private group's feed is a 404. The
// private feed holds the activities the family is going to or waitlisted
// for, and its URL is the only key to it: the token is a hidden field of the
// users collection, made on demand, never shown by the records API.
//
// Each activity is one event: UID "{id}@{host}", SEQUENCE from the
// activity's ics_sequence (raised by hubCalendarSequence on every change of
// what the event shows), DTSTAMP and LAST-MODIFIED the last change,
// STATUS:CANCELLED when cancelled, times in Europe/Rome with its VTIMEZONE.
// A cycle (activities sharing a series) is its dated events, each with its
// own status. The text is in the language asked (?lang=, Accept-Language,
// else Italian), each field by multitext.Best.
package calendar

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
)

// MustRegister binds the sequence hook and the feed endpoints.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.OnRecordUpdate("activities").Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "hubCalendarSequence",
		Func: bumpSequence,
		// Late, so that it sees what every other hook of this save changed.
		Priority: 1000,
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/calendar/me", handleMyLink).Bind(apis.RequireAuth("users"))
		se.Router.POST("/api/hub/calendar/me/token", handleResetToken).Bind(apis.RequireAuth("users"))
		se.Router.GET("/api/hub/calendar/me/{file}", handleMyFeed(catalog))
		se.Router.GET("/api/hub/calendar/{file}", handlePublicFeed(catalog))
		return se.Next()
	})
}
