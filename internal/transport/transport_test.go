package transport_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/transport"
)

// servedLikeServe builds the app's handler in the order `hug serve` does
// (apis.Serve): PocketBase binds its CORS middleware with "*" first, then
// the OnServe hooks run. hubtest.Handler skips that CORS binding, so it
// could not show that the hub replaces it.
func servedLikeServe(t *testing.T, app *tests.TestApp) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	router.Bind(apis.CORS(apis.CORSConfig{AllowOrigins: []string{"*"}}))
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

func get(h http.Handler, path string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A web page on another site cannot read the API with a family's token:
// only the hub's own origin is named in Access-Control-Allow-Origin.
func TestOnlyTheHubsOwnOriginMayCallTheAPI(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	h := servedLikeServe(t, app)
	own := transport.OwnOrigin(app)

	evil := get(h, "/api/collections/places/records", map[string]string{"Origin": "https://evil.example"})
	if got := evil.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("another site's origin got Access-Control-Allow-Origin %q", got)
	}
	mine := get(h, "/api/collections/places/records", map[string]string{"Origin": own})
	if got := mine.Header().Get("Access-Control-Allow-Origin"); got != own {
		t.Errorf("the hub's own origin %s got Access-Control-Allow-Origin %q", own, got)
	}
}

// Every response, the service worker and the API included, carries the
// privacy headers; HSTS only when the hub is reached over HTTPS.
func TestPrivacyHeadersEverywhereAndHSTSOnlyOverHTTPS(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	h := servedLikeServe(t, app)

	for _, path := range []string{"/sw.js", "/api/health", "/", "/manifest.webmanifest"} {
		res := get(h, path, nil)
		if res.Header().Get("Referrer-Policy") != "no-referrer" ||
			res.Header().Get("Permissions-Policy") == "" ||
			res.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, res.Header())
		}
		if hsts := res.Header().Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("%s over plain HTTP sent HSTS %q", path, hsts)
		}
	}

	// A client cannot claim HTTPS unless the operator trusts a proxy.
	spoofed := get(h, "/api/health", map[string]string{"X-Forwarded-Proto": "https"})
	if spoofed.Header().Get("Strict-Transport-Security") != "" {
		t.Error("X-Forwarded-Proto from an untrusted client turned HSTS on")
	}
	app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
	proxied := get(h, "/api/health", map[string]string{"X-Forwarded-Proto": "https"})
	if proxied.Header().Get("Strict-Transport-Security") == "" {
		t.Error("behind a trusted proxy that says https, no HSTS")
	}
}

// The operator's --hsts flag turns HSTS on for a proxy that says nothing.
func TestHSTSFlag(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	transport.MustRegister(app, transport.Config{HSTS: true}) // replaces the hub's binding (same id)
	h := servedLikeServe(t, app)
	if got := get(h, "/api/health", nil).Header().Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("with --hsts: %q", got)
	}
}
