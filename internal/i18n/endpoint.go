package i18n

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// handleBundle serves GET /api/hub/i18n/{lang} (the family part) and
// /api/hub/i18n/{lang}/desk (the desk part). Any code is accepted and
// matched (so "en-GB" gets English and "xx" Italian); "auto" follows the
// browser's Accept-Language. The body says which language it is; the ETag
// lets a phone revalidate for a few bytes.
func handleBundle(bundles map[string]encoded, c *Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		requested := e.Request.PathValue("lang")
		if requested == "auto" {
			requested = e.Request.Header.Get("Accept-Language")
		}
		b := bundles[c.Match(requested)]
		h := e.Response.Header()
		h.Set("ETag", b.etag)
		h.Set("Cache-Control", "public, max-age=300, stale-while-revalidate=604800")
		h.Set("Vary", "Accept-Encoding, Accept-Language")
		if e.Request.Header.Get("If-None-Match") == b.etag {
			return e.NoContent(http.StatusNotModified)
		}
		return e.Blob(http.StatusOK, "application/json; charset=utf-8", b.body)
	}
}
