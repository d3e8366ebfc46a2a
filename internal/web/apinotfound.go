package web

import (
	"net/http"
	"sync"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/i18n"
)

// apiNotFoundMethods are the methods the catch-all answers (GET answers
// HEAD too; a HEAD pattern would conflict with the API's GET routes). Go's
// mux would otherwise send /api/anything to the PWA's "GET /{path...}" (the
// app shell, 200) or answer a plain-text 405, and a client could not tell a
// missing endpoint from a working one.
var apiNotFoundMethods = []string{
	http.MethodGet, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// bindAPINotFound makes every path under /api/ that no route claims answer
// a JSON 404 with a stable code, in the caller's language. A pattern with a
// method and a longer path is more specific than "GET /{path...}", so the
// real API routes and the PWA keep theirs.
func bindAPINotFound(r *router.Router[*core.RequestEvent], catalog *i18n.Catalog) {
	routes := &apiRoutes{router: r, mine: map[string]bool{"/": true}}
	notFound := func(e *core.RequestEvent) error {
		lang := catalog.RequestLang(e.Request)
		msg := catalog.T(lang, "api_not_found", nil)
		return router.NewNotFoundError(msg, map[string]any{"request": validation.NewError("api_not_found", msg)})
	}
	for _, method := range apiNotFoundMethods {
		for _, path := range []string{"/api", "/api/{path...}"} {
			routes.mine[method+" "+path] = true
			route := r.Route(method, path, notFound)
			if method != http.MethodOptions {
				continue
			}
			// PocketBase's CORS middleware answers every OPTIONS with 204
			// before any route runs. A preflight for a real endpoint keeps
			// that; any other OPTIONS under /api/ gets the 404.
			route.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       "hubAPINotFoundOptions",
				Priority: apis.DefaultCorsMiddlewarePriority - 1,
				Func: func(e *core.RequestEvent) error {
					if routes.known(e.Request) {
						return e.Next()
					}
					return notFound(e)
				},
			})
		}
	}
}

// apiRoutes answers whether a path has an endpoint for some method, from a
// mux built like the server's once every route is bound.
type apiRoutes struct {
	router *router.Router[*core.RequestEvent]
	mine   map[string]bool // the catch-all's patterns, and PocketBase's "/"
	once   sync.Once
	mux    *http.ServeMux
}

func (a *apiRoutes) known(r *http.Request) bool {
	a.once.Do(func() {
		h, err := a.router.BuildMux()
		if err == nil {
			a.mux, _ = h.(*http.ServeMux)
		}
	})
	if a.mux == nil {
		return true // keep PocketBase's answer
	}
	for _, method := range apiNotFoundMethods[:5] {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := a.mux.Handler(probe); pattern != "" && !a.mine[pattern] {
			return true
		}
	}
	return false
}
