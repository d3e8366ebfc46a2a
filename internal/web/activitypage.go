package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// A shared activity link (/activity/{id}, e.g. pasted in WhatsApp) shows a
// preview: the app shell comes with Open Graph tags for the activity (its
// title, when, where and a picture), in its language, so a crawler that runs
// no JavaScript still reads them. Only an activity a guest may see gets
// them: anything else gets the plain shell, which says nothing about it.
// TestActivityLinkPreview proves both.

// preview is the Open Graph description of one activity.
type preview struct {
	lang, title, description, url, image string
}

// handleActivityPage serves GET /activity/{id}: the shell, with the
// activity's preview when a guest may see it.
func handleActivityPage(app core.App, publicDir string, catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		p := screenPage(e, catalog)
		if og, ok := activityPreview(app, e, catalog); ok {
			p = page{lang: og.lang, description: og.description, title: og.title, og: &og}
		}
		return serveShell(e, publicDir, p)
	}
}

// activityPreview describes the activity of the request's path, if a guest
// may see it, whoever asks: the page may be cached and shared.
func activityPreview(app core.App, e *core.RequestEvent, catalog *i18n.Catalog) (preview, bool) {
	activity, err := app.FindRecordById("activities", e.Request.PathValue("id"))
	if err != nil {
		return preview{}, false
	}
	rule := activity.Collection().ViewRule
	if rule == nil {
		return preview{}, false
	}
	if ok, err := app.CanAccessRecord(activity, &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet}, rule); err != nil || !ok {
		return preview{}, false
	}
	text := func(field string) multitext.Text {
		t, _ := multitext.Parse([]byte(activity.GetString(field)))
		return t
	}
	// The activity's own language: the one its title is in for the language
	// asked (?lang=, Accept-Language), else its original.
	title, lang := text("title").Best(catalog.RequestLang(e.Request))
	if activity.GetString("status") == "cancelled" {
		title = catalog.T(lang, "activity_cancelled", nil) + ": " + title
	}
	parts := []string{when(catalog, lang, activity)}
	if where := place(app, activity, lang); where != "" {
		parts = append(parts, where)
	}
	if summary, _ := text("summary").Best(lang); summary != "" {
		parts = append(parts, summary)
	}
	description := strings.Join(parts, " · ")
	base := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	image := base + "/icons/icon-512.png"
	if cover := activity.GetString("cover"); cover != "" {
		image = base + "/api/files/" + activity.Collection().Id + "/" + activity.Id + "/" + cover + "?thumb=960x540"
	}
	return preview{lang: lang, title: title, description: clip(description, 300), url: base + "/activity/" + activity.Id, image: image}, true
}

// when is the start as the phone writes it, in Rome: "giovedì 4 dicembre, 18:00".
func when(catalog *i18n.Catalog, lang string, activity *core.Record) string {
	at := activity.GetDateTime("starts_at").Time().In(vocab.TimeZone)
	weekday := int(at.Weekday())
	if weekday == 0 {
		weekday = 7 // ISO: Monday = 1
	}
	date := catalog.T(lang, "date_long", map[string]any{
		"Weekday": catalog.T(lang, "date_weekday_"+strconv.Itoa(weekday), nil),
		"Day":     at.Day(),
		"Month":   catalog.T(lang, "date_month_"+strconv.Itoa(int(at.Month())), nil),
	})
	return catalog.T(lang, "date_at_time", map[string]any{"Date": date, "Time": at.Format("15:04")})
}

// place is where the activity happens: the place's name and address, else
// the location note.
func place(app core.App, activity *core.Record, lang string) string {
	if id := activity.GetString("place"); id != "" {
		if p, err := app.FindRecordById("places", id); err == nil {
			return strings.Join(nonEmpty(p.GetString("name"), p.GetString("address")), ", ")
		}
	}
	note, _ := multitext.Parse([]byte(activity.GetString("location_note")))
	text, _ := note.Best(lang)
	return text
}

func nonEmpty(values ...string) []string {
	out := values[:0]
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// clip cuts s to at most n characters, at a character boundary.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
