package web_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/web"
)

// The PWA is served with a strict CSP and revalidated on every visit, so a
// phone never runs a stale or injected script.
func TestPWAHeaders(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	if strings.Contains(web.ContentSecurityPolicy, "unsafe") {
		t.Error("the CSP allows unsafe sources")
	}
	for url, want := range map[string]string{"/": "<div id=\"app\">", "/calendar": "<div id=\"app\">", "/app.js": "navigate"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", url, res.Status)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", url, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q", url, got)
		}
		if !strings.Contains(string(res.Body), want) {
			t.Errorf("%s: body lacks %q", url, want)
		}
	}
}

func TestResponsesAreGzippedOnRequest(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, url := range []string{"/app.js", "/api/collections/services/records", "/api/hub/i18n/ar"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Header: map[string]string{"Accept-Encoding": "gzip"}})
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not gzipped", url)
			continue
		}
		zr, err := gzip.NewReader(strings.NewReader(string(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		if len(plain) <= len(res.Body) {
			t.Errorf("%s: %d compressed bytes for %d plain", url, len(res.Body), len(plain))
		}
	}
}

var swVersion = regexp.MustCompile(`const VERSION = "([0-9a-f]{12})"`)
var swPrecache = regexp.MustCompile(`const PRECACHE = (\[.*\])`)

// The service worker names the shell's version and files; changing any
// shell file changes the version, so phones get the new app as a whole.
func TestServiceWorkerVersionFollowsTheShell(t *testing.T) {
	public := t.TempDir()
	src := filepath.Join(hubtest.Root(), "pb_public")
	for _, f := range []string{"sw.js", "index.html", "app.js"} {
		raw, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(public, f), raw, 0o644)
	}
	os.MkdirAll(filepath.Join(public, "screenshots"), 0o755)
	os.WriteFile(filepath.Join(public, "screenshots", "home.png"), []byte("png"), 0o644)

	sw := web.ServiceWorkerBuilder(t, public)
	first := sw()
	var files []string
	json.Unmarshal([]byte(swPrecache.FindStringSubmatch(first)[1]), &files)
	if strings.Join(files, " ") != "/app.js /" {
		t.Errorf("precache %v, want the shell without sw.js and screenshots", files)
	}
	if strings.Contains(first, "__VERSION__") || strings.Contains(first, "__PRECACHE__") {
		t.Error("the template was not filled in")
	}

	if again := sw(); again != first {
		t.Error("sw.js changed with no file changed")
	}
	os.WriteFile(filepath.Join(public, "app.js"), []byte("// v2"), 0o644)
	second := sw()
	if swVersion.FindStringSubmatch(first)[1] == swVersion.FindStringSubmatch(second)[1] {
		t.Error("the version did not change with app.js")
	}
}

func TestManifestSpeaksTheLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for lang, dir := range map[string]string{"ar": "rtl", "uk": "ltr", "xx": "ltr"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/manifest.webmanifest", Header: map[string]string{"Accept-Language": lang}})
		var m struct{ Name, Lang, Dir string }
		res.JSON(t, &m)
		if m.Dir != dir || m.Name == "" || (lang == "xx" && m.Lang != "it") {
			t.Errorf("%s: %+v", lang, m)
		}
	}
}
