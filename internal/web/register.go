// Package web serves the PWA from pb_public with the headers an
// offline-first public-service app needs: a strict Content-Security-Policy,
// and no-cache on the files that decide which version a phone runs.
package web

import (
	"os"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// ContentSecurityPolicy allows only the hub's own origin: no inline script
// or style, no third-party code, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; " +
	"worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// revalidated are the files a phone must ask about each time: the shell and
// the service worker name every other asset's version.
// Paths without an extension are app routes answered with index.html.
func revalidated(p string) bool {
	return p == "" || !strings.Contains(path.Base(p), ".") || strings.HasSuffix(p, ".html") ||
		strings.HasSuffix(p, "sw.js") || strings.HasSuffix(p, ".webmanifest")
}

// MustRegister serves publicDir on every path the API does not claim.
func MustRegister(app core.App, publicDir string) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			static := apis.Static(os.DirFS(publicDir), true)
			e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
				h := re.Response.Header()
				h.Set("Content-Security-Policy", ContentSecurityPolicy)
				h.Set("Referrer-Policy", "no-referrer")
				h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
				if revalidated(re.Request.PathValue("path")) {
					h.Set("Cache-Control", "no-cache")
				}
				return static(re)
			})
			return e.Next()
		},
		Priority: 999, // last, so the API routes come first
	})
}
