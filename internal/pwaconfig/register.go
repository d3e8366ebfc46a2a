// Package pwaconfig serves GET /api/hub/config: what the PWA must know and
// Go defines once (internal/vocab), with each language's name in itself
// from locales/. The body is made once at start, so its ETag depends only on
// vocab and the names: a phone revalidates it for a few bytes.
package pwaconfig

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

// Encode returns the config's JSON body and its ETag.
func Encode(catalog *i18n.Catalog) (body []byte, etag string, err error) {
	body, err = json.Marshal(vocab.Snapshot(catalog.LanguageName))
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(body)
	return body, `"` + hex.EncodeToString(sum[:8]) + `"`, nil
}

// MustRegister binds GET /api/hub/config.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	body, etag, err := Encode(catalog)
	if err != nil {
		panic(err)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/config", func(e *core.RequestEvent) error {
			h := e.Response.Header()
			h.Set("ETag", etag)
			// Public and the same for everyone; it changes only with an
			// upgrade, and the phone revalidates it at every start.
			h.Set("Cache-Control", "public, max-age=300, stale-while-revalidate=604800")
			if e.Request.Header.Get("If-None-Match") == etag {
				return e.NoContent(http.StatusNotModified)
			}
			return e.Blob(http.StatusOK, "application/json; charset=utf-8", body)
		})
		return se.Next()
	})
}
