package web_test

import (
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

var metaContent = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`)

// head returns the shell's <html> tag, <title> and meta tags by name.
func head(t *testing.T, body []byte) (htmlTag, title string, meta map[string]string) {
	t.Helper()
	page := string(body)
	meta = map[string]string{}
	for _, m := range metaContent.FindAllStringSubmatch(page, -1) {
		meta[m[1]] = html.UnescapeString(m[2])
	}
	htmlTag = regexp.MustCompile(`<html[^>]*>`).FindString(page)
	if m := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(page); m != nil {
		title = html.UnescapeString(m[1])
	}
	return
}

func get(t *testing.T, app *tests.TestApp, url, lang string) hubtest.Response {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Header: map[string]string{"Accept-Language": lang}})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `<div id="app">`) {
		t.Fatalf("%s: %d, not the shell", url, res.Status)
	}
	if res.Header.Get("Content-Security-Policy") != "" && !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("%s: varies on the language but does not say so", url)
	}
	return res
}

// Every screen's page says what Hug is, in the language asked for, and is
// marked with that language (search engines, Lighthouse's SEO audit).
func TestScreensAreDescribed(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	for _, c := range []struct{ url, lang, want string }{
		{"/", "it", "it"}, {"/calendar", "en-GB", "en"}, {"/places", "ar", "ar"}, {"/groups/anything", "zh", "zh"}, {"/about", "de", "it"},
	} {
		res := get(t, app, c.url, c.lang)
		tag, title, meta := head(t, res.Body)
		if want := `<html lang="` + c.want + `" dir="` + vocab.Direction(c.want) + `">`; tag != want {
			t.Errorf("%s (%s): %s, want %s", c.url, c.lang, tag, want)
		}
		if meta["description"] != catalog.T(c.want, "app_description", nil) || title != "Hug" {
			t.Errorf("%s (%s): title %q, description %q", c.url, c.lang, title, meta["description"])
		}
		if meta["og:title"] != "" {
			t.Errorf("%s: Open Graph tags on a screen that is no activity", c.url)
		}
	}
	// Files are files, not the shell.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/app.js"})
	if strings.Contains(string(res.Body), "<html") {
		t.Error("/app.js is the shell")
	}
}

func activity(t *testing.T, app *tests.TestApp, status string, title map[string]string, place string) *core.Record {
	t.Helper()
	collection, err := app.FindCollectionByNameOrId("activities")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(collection)
	r.Set("title", title)
	r.Set("kind", "meeting")
	r.Set("status", status)
	// Thursday 3 December 2026, 18:00 in Rome.
	r.Set("starts_at", time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC))
	r.Set("ends_at", time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC))
	r.Set("place", place)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// A shared activity link shows a preview in WhatsApp and similar apps: the
// page of /activity/{id} carries Open Graph tags with the title, the date,
// the place and a picture, in the activity's language, escaped. An activity
// a guest may not see (a draft, a proposal waiting for moderation) gets the
// plain shell: nothing of it leaks, not even to a crawler.
func TestActivityLinkPreview(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	titles := map[string]string{"it": "A.Pe - Aperitivi Pedagogici: incontro 1 di 5", "ar": "A.Pe – لقاءات تربوية ودّية: اللقاء 1 من 5"}
	ape := activity(t, app, "approved", titles, place.Id)

	// In the activity's language: Italian unless the reader's is there too.
	for _, c := range []struct{ accept, lang, weekday string }{{"", "it", "giovedì"}, {"ar", "ar", "الخميس"}, {"uk", "it", "giovedì"}} {
		res := get(t, app, "/activity/"+ape.Id, c.accept)
		tag, title, meta := head(t, res.Body)
		if meta["og:title"] != titles[c.lang] || title != titles[c.lang]+" - Hug" {
			t.Errorf("%q: og:title %q, title %q, want %q", c.accept, meta["og:title"], title, titles[c.lang])
		}
		if tag != `<html lang="`+c.lang+`" dir="`+vocab.Direction(c.lang)+`">` {
			t.Errorf("%q: %s", c.accept, tag)
		}
		d := meta["og:description"]
		if !strings.Contains(d, c.weekday) || !strings.Contains(d, "18:00") || !strings.Contains(d, place.GetString("name")) || meta["description"] != d {
			t.Errorf("%q: og:description %q lacks the date, the time or the place %q", c.accept, d, place.GetString("name"))
		}
		if !strings.HasPrefix(meta["og:image"], "http") || !strings.HasSuffix(meta["og:url"], "/activity/"+ape.Id) {
			t.Errorf("%q: og:image %q, og:url %q", c.accept, meta["og:image"], meta["og:url"])
		}
	}

	// Escaped: a title is text, never markup.
	nasty := `<script>alert("x")</script> Genitori & figli "insieme"`
	published := activity(t, app, "approved", map[string]string{"it": nasty}, place.Id)
	res := get(t, app, "/activity/"+published.Id, "it")
	if strings.Contains(string(res.Body), "<script>alert") || strings.Contains(string(res.Body), `"insieme"`) {
		t.Errorf("the title reached the page unescaped:\n%s", res.Body)
	}
	if _, _, meta := head(t, res.Body); meta["og:title"] != nasty {
		t.Errorf("og:title %q, want %q", meta["og:title"], nasty)
	}

	// Not for guests: no preview, no title, whoever asks.
	for _, status := range []string{"draft", "pending", "changes_requested", "rejected"} {
		secret := "Proposta riservata " + status
		hidden := activity(t, app, status, map[string]string{"it": secret}, place.Id)
		for _, token := range []string{"", hubtest.Token(t, app, "users", hubtest.StaffEmail)} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/activity/" + hidden.Id, Token: token})
			if res.Status != http.StatusOK || strings.Contains(string(res.Body), "Proposta riservata") || strings.Contains(string(res.Body), "og:title") {
				t.Errorf("%s activity: %d, its page leaks it:\n%s", status, res.Status, res.Body)
			}
		}
	}
	// A cancelled activity stays public, and says it is cancelled.
	cancelled := activity(t, app, "cancelled", map[string]string{"it": "Laboratorio"}, place.Id)
	if _, _, meta := head(t, get(t, app, "/activity/"+cancelled.Id, "it").Body); !strings.HasPrefix(meta["og:title"], "Annullata") {
		t.Errorf("cancelled: og:title %q", meta["og:title"])
	}
	// An unknown id is the plain shell (the app says it is gone).
	if _, _, meta := head(t, get(t, app, "/activity/nosuchactivity1", "it").Body); meta["og:title"] != "" {
		t.Error("an unknown activity has a preview")
	}
}

// robots.txt is a valid robots file (not the app shell): it lets crawlers
// read the public screens, shared activities and their pictures, and keeps
// them out of the API and the admin UI.
func TestRobotsTxt(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/robots.txt"})
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s", res.Status, res.Header.Get("Content-Type"))
	}
	directive := regexp.MustCompile(`^(?i:(user-agent|allow|disallow|sitemap)):\s*(\S*)$`)
	rules := map[string]string{}
	agent := false
	for _, line := range strings.Split(strings.TrimSpace(string(res.Body)), "\n") {
		m := directive.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a robots.txt directive: %q", line)
		}
		if strings.EqualFold(m[1], "user-agent") {
			agent = m[2] == "*"
			continue
		}
		if !agent {
			t.Fatalf("%q before any User-agent", line)
		}
		rules[m[2]] = strings.ToLower(m[1])
	}
	// Longest match wins (RFC 9309).
	allowed := func(path string) bool {
		best, verdict := -1, true
		for prefix, kind := range rules {
			if strings.HasPrefix(path, prefix) && len(prefix) > best {
				best, verdict = len(prefix), kind == "allow"
			}
		}
		return verdict
	}
	for path, want := range map[string]bool{"/": true, "/calendar": true, "/activity/abc": true, "/api/files/x/y/cover.jpg": true,
		"/api/collections/users/records": false, "/api/hub/config": false, "/_/": false} {
		if allowed(path) != want {
			t.Errorf("%s: allowed %v", path, !want)
		}
	}
}
