package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
)

// Any path under /api/ that no endpoint claims answers a JSON 404 with a
// stable code, for every method, never the app shell: a phone can tell a
// missing endpoint from a working one. The API and the PWA keep their routes.
func TestUnknownAPIPathsAreJSON404(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}
	paths := []string{"/api/hub/nope", "/api/hub/nope/deeper/still", "/api/nope", "/api/", "/api", "/api/hub/i18n", "/api/collections/activities/records/x/y"}
	for _, method := range methods {
		for _, path := range paths {
			res := hubtest.Do(t, app, hubtest.Request{Method: method, URL: path, Header: map[string]string{"Accept-Language": "ar"}})
			if res.Status != http.StatusNotFound {
				t.Errorf("%s %s: %d %.80s", method, path, res.Status, res.Body)
				continue
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q", method, path, ct)
			}
			if method == http.MethodHead {
				continue // no body
			}
			var body struct {
				Message string
				Data    map[string]struct{ Code, Message string }
			}
			if err := json.Unmarshal(res.Body, &body); err != nil {
				t.Errorf("%s %s: not JSON: %.80s", method, path, res.Body)
				continue
			}
			want := catalog.T("ar", "api_not_found", nil)
			if body.Data["request"].Code != "api_not_found" || body.Message != want {
				t.Errorf("%s %s: %s", method, path, res.Body)
			}
		}
	}

	// What exists still answers.
	for _, c := range []struct {
		method, path string
		header       map[string]string
		status       int
	}{
		{http.MethodGet, "/api/health", nil, http.StatusOK},
		{http.MethodGet, "/api/hub/i18n/it", nil, http.StatusOK},
		{http.MethodGet, "/api/collections/activities/records", nil, http.StatusOK},
		{http.MethodGet, "/calendar", nil, http.StatusOK},
		{http.MethodGet, "/apis-are-not-api", nil, http.StatusOK}, // the PWA's own routes, outside /api/
	} {
		res := hubtest.Do(t, app, hubtest.Request{Method: c.method, URL: c.path, Header: c.header})
		if res.Status != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, res.Status, c.status)
		}
	}
}

// OPTIONS to a real endpoint keeps PocketBase's CORS answer (204), as
// `serve` binds it; OPTIONS to an unknown path is a 404 like any method.
func TestOptionsKeepsCORSForRealEndpoints(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	r.Bind(apis.CORS(apis.CORSConfig{AllowOrigins: []string{"*"}, AllowMethods: []string{http.MethodGet, http.MethodPost}}))
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"/api/collections/activities/records": http.StatusNoContent,
		"/api/hub/i18n/ar":                    http.StatusNoContent,
		"/api/hub/nope":                       http.StatusNotFound,
		"/api/hub/nope/deeper":                http.StatusNotFound,
	} {
		for _, preflight := range []bool{false, true} {
			req := httptest.NewRequest(http.MethodOptions, path, nil)
			if preflight {
				req.Header.Set("Origin", "https://example.org")
				req.Header.Set("Access-Control-Request-Method", "GET")
			}
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code != want {
				t.Errorf("OPTIONS %s (preflight %v): %d, want %d", path, preflight, rec.Code, want)
			}
		}
	}
}
