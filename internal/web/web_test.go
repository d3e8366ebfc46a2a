package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/web"
)

// The PWA is served with a strict CSP and the shell is revalidated on every
// visit, so a phone never runs a stale or injected script.
func TestPWAHeaders(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	cases := []struct {
		url        string
		noCache    bool
		wantInBody string
	}{
		{"/", true, "<main"},
		{"/calendar", true, "<main"}, // an app route falls back to the shell
		{"/first-page.js", false, "i18n"},
	}
	for _, c := range cases {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: c.url})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", c.url, res.Status)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", c.url, got)
		}
		if strings.Contains(web.ContentSecurityPolicy, "unsafe") {
			t.Error("the CSP allows unsafe sources")
		}
		if got := res.Header.Get("Cache-Control") == "no-cache"; got != c.noCache {
			t.Errorf("%s: Cache-Control %q", c.url, res.Header.Get("Cache-Control"))
		}
		if !strings.Contains(string(res.Body), c.wantInBody) {
			t.Errorf("%s: body lacks %q", c.url, c.wantInBody)
		}
	}
}
