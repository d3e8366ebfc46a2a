// Package transport sets what every response of the hub says about how it
// may be used by a browser: which other origins may call the API (CORS),
// whether to insist on HTTPS (HSTS), and the privacy headers. The PWA is
// served by the hub itself, so it never needs cross-origin access.
package transport

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
)

// Config is what the operator decides.
type Config struct {
	// HSTS sends Strict-Transport-Security on every response, for a hub
	// behind a TLS-terminating proxy that does not say X-Forwarded-Proto.
	HSTS bool
	// Root is the root command, to read whether the operator passed
	// PocketBase's own `serve --origins`.
	Root *cobra.Command
}

// hstsValue asks browsers to use HTTPS for a year. No includeSubDomains: the
// hub may live on a municipality's domain whose other hosts are not ours.
const hstsValue = "max-age=31536000"

// MustRegister binds the headers and replaces PocketBase's CORS default
// ("*": any web page may call the API with a family's token) by the hub's
// own origin, unless the operator listed origins with `serve --origins`.
func MustRegister(app core.App, cfg Config) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubTransport",
		Func: func(e *core.ServeEvent) error {
			if !operatorSetOrigins(cfg.Root) {
				e.Router.Unbind(apis.DefaultCorsMiddlewareId)
				e.Router.Bind(ownOriginCORS(e.App))
			}
			e.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       "hubSecurityHeaders",
				Priority: apis.DefaultCorsMiddlewarePriority - 1,
				Func: func(re *core.RequestEvent) error {
					setHeaders(re, cfg.HSTS)
					return re.Next()
				},
			})
			return e.Next()
		},
	})
}

// ownOriginCORS is PocketBase's CORS middleware allowing only the hub's
// origin, read per request: the application URL may change after start
// (admin UI, or the address the hub serves on). Its id differs from
// PocketBase's, whose id the Unbind above excludes on every route.
func ownOriginCORS(app core.App) *hook.Handler[*core.RequestEvent] {
	cors := apis.CORS(apis.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) { return origin == OwnOrigin(app), nil },
		AllowMethods:    []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodDelete},
	})
	cors.Id = "hubCors"
	return cors
}

// setHeaders adds the headers every response carries, API and files alike.
func setHeaders(e *core.RequestEvent, hsts bool) {
	h := e.Response.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if hsts || overHTTPS(e) {
		h.Set("Strict-Transport-Security", hstsValue)
	}
}

// overHTTPS reports whether the request reached the hub over TLS: directly,
// or through a proxy the operator trusts (PocketBase's trusted proxy
// headers setting) that says so in X-Forwarded-Proto. An untrusted client
// setting that header only earns itself a header it asked for.
func overHTTPS(e *core.RequestEvent) bool {
	if e.Request.TLS != nil {
		return true
	}
	if len(e.App.Settings().TrustedProxy.Headers) == 0 {
		return false
	}
	return strings.EqualFold(e.Request.Header.Get("X-Forwarded-Proto"), "https")
}

// OwnOrigin is the hub's own origin, from the application URL setting.
func OwnOrigin(app core.App) string {
	u, err := url.Parse(app.Settings().Meta.AppURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func operatorSetOrigins(root *cobra.Command) bool {
	if root == nil {
		return false
	}
	for _, c := range root.Commands() {
		if c.Name() == "serve" {
			f := c.PersistentFlags().Lookup("origins")
			return f != nil && f.Changed
		}
	}
	return false
}
