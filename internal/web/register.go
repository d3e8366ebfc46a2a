// Package web serves the PWA from pb_public with the headers an
// offline-first public-service app needs: a strict Content-Security-Policy,
// revalidation, gzip; and the service worker and manifest built for it.
package web

import (
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
)

// ContentSecurityPolicy allows only the hub's own origin: no inline script
// or style, no third-party code, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; " +
	"worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// compress gzips responses on weak connections, except the realtime stream,
// which must flush each event as it comes, and the admin UI, which
// PocketBase gzips itself (twice-compressed, its scripts would not run).
func compress() *hook.Handler[*core.RequestEvent] {
	gzip := apis.GzipWithConfig(apis.GzipConfig{MinLength: 512})
	return &hook.Handler[*core.RequestEvent]{
		Id: "hubGzip",
		Func: func(e *core.RequestEvent) error {
			if e.Request.URL.Path == "/api/realtime" || strings.HasPrefix(e.Request.URL.Path, "/_/") {
				return e.Next()
			}
			return gzip.Func(e)
		},
	}
}

// MustRegister serves publicDir on every path the API does not claim, the
// service worker and manifest built from it, and compresses responses.
func MustRegister(app core.App, publicDir string, catalog *i18n.Catalog) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.Bind(compress())
		return e.Next()
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			static := apis.Static(os.DirFS(publicDir), true)
			e.Router.GET("/sw.js", handleServiceWorker(publicDir))
			e.Router.GET("/manifest.webmanifest", handleManifest(catalog))
			bindAPINotFound(e.Router, catalog)
			e.Router.GET("/robots.txt", handleRobots)
			e.Router.GET("/activity/{id}", handleActivityPage(app, publicDir, catalog))
			e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
				if isScreen(publicDir, re.Request.PathValue("path")) {
					return serveShell(re, publicDir, screenPage(re, catalog))
				}
				setShellHeaders(re.Response.Header())
				return static(re)
			})
			return e.Next()
		},
		Priority: 999, // last, so the API routes come first
	})
}

// setShellHeaders are the headers of every file of the PWA.
func setShellHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	// Every file is revalidated (a 304 costs a few bytes): the service
	// worker serves the shell from its versioned cache, and a phone without
	// one never mixes two versions' modules.
	h.Set("Cache-Control", "no-cache")
}
