package calendar

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// publicCache lets shared caches and calendar apps keep a public feed for
// a quarter of an hour: a cancelled date reaches subscribers within that,
// and after it a poll revalidates for a few bytes.
const publicCache = "public, max-age=900"

// handlePublicFeed serves all.ics and {group slug or id}.ics: what a guest
// may see, whoever asks (the answer may be cached and shared).
func handlePublicFeed(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		name, ok := strings.CutSuffix(e.Request.PathValue("file"), ".ics")
		if !ok || name == "" {
			return e.NotFoundError("", nil)
		}
		lang := catalog.RequestLang(e.Request)
		since := time.Now().AddDate(0, 0, -PastDays)
		var (
			where dbx.Expression
			title = catalog.T(lang, "calendar_feed_all", nil)
		)
		if name != "all" {
			group := findGroup(e.App, name)
			if group == nil || !guestMayView(e.App, group) {
				return e.NotFoundError("", nil) // a private group's feed is not there
			}
			where = dbx.HashExp{"activities.group": group.Id}
			groupName, _ := text(group, "name").Best(lang)
			title = "Hug - " + groupName
		}
		activities, err := guestActivities(e.App, since, where)
		if err != nil {
			return e.InternalServerError("", err)
		}
		entries := make([]entry, len(activities))
		for i, a := range activities {
			entries[i] = entry{activity: a}
		}
		body, modified, err := writer{app: e.App, catalog: catalog, lang: lang}.render(title, entries)
		if err != nil {
			return e.InternalServerError("", err)
		}
		return respond(e, body, modified, publicCache, "hug-"+name+".ics")
	}
}

// findGroup finds a group by slug, else by id.
func findGroup(app core.App, name string) *core.Record {
	if g, err := app.FindFirstRecordByData("groups", "slug", name); err == nil {
		return g
	}
	if g, err := app.FindRecordById("groups", name); err == nil {
		return g
	}
	return nil
}
