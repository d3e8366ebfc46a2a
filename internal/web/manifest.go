package web

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

// manifest is the web app manifest, in the language the phone asks for:
// names and shortcuts come from locales/ like every other string.
func manifest(c *i18n.Catalog, lang string) map[string]any {
	icon := func(src, size, purpose string) map[string]string {
		return map[string]string{"src": src, "sizes": size, "type": "image/png", "purpose": purpose}
	}
	return map[string]any{
		"id":               "/",
		"name":             c.T(lang, "app_name", nil),
		"short_name":       "Hug",
		"description":      c.T(lang, "app_description", nil),
		"lang":             lang,
		"dir":              vocab.Direction(lang),
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"orientation":      "portrait",
		"theme_color":      "#0066cc",
		"background_color": "#f2f5f8",
		"categories":       []string{"education", "lifestyle", "social"},
		"icons": []map[string]string{
			icon("/icons/icon-192.png", "192x192", "any"),
			icon("/icons/icon-512.png", "512x512", "any"),
			icon("/icons/maskable-512.png", "512x512", "maskable"),
		},
		"screenshots": []map[string]string{
			{"src": "/screenshots/home.png", "sizes": "360x640", "type": "image/png", "form_factor": "narrow", "label": c.T(lang, "nav_home", nil)},
			{"src": "/screenshots/calendar.png", "sizes": "360x640", "type": "image/png", "form_factor": "narrow", "label": c.T(lang, "nav_calendar", nil)},
		},
		"shortcuts": []map[string]any{
			{"name": c.T(lang, "nav_calendar", nil), "url": "/calendar", "icons": []map[string]string{icon("/icons/icon-192.png", "192x192", "any")}},
			{"name": c.T(lang, "nav_places", nil), "url": "/places", "icons": []map[string]string{icon("/icons/icon-192.png", "192x192", "any")}},
		},
	}
}

func handleManifest(c *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		h := e.Response.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Language")
		h.Set("Content-Type", "application/manifest+json")
		return e.JSON(http.StatusOK, manifest(c, c.RequestLang(e.Request)))
	}
}
