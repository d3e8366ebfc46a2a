package i18n_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
)

func TestMatch(t *testing.T) {
	catalog, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"ar":                     "ar",
		"ar-MA":                  "ar",
		"en-GB,en;q=0.8":         "en",
		"de-DE,fr;q=0.7":         "fr",
		"uk-UA":                  "uk",
		"zh-Hans-CN":             "zh",
		"pa-Guru-IN":             "pa",
		"sq-AL":                  "sq",
		"ro-MD":                  "ro",
		"de":                     "it",
		"":                       "it",
		"%%%":                    "it",
		"xx-not-a-language-code": "it",
	}
	for in, want := range cases {
		if got := catalog.Match(in); got != want {
			t.Errorf("Match(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestBundleEndpoint(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	cases := []struct{ path, lang, dir string }{
		{"ar", "ar", "rtl"},
		{"en-GB", "en", "ltr"},
		{"xx", "it", "ltr"},
		{"it", "it", "ltr"},
	}
	for _, c := range cases {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/i18n/" + c.path})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", c.path, res.Status)
		}
		var b i18n.Bundle
		res.JSON(t, &b)
		if b.Lang != c.lang || b.Dir != c.dir || b.Messages["app_name"] == nil {
			t.Errorf("%s: lang %s dir %s", c.path, b.Lang, b.Dir)
		}
		if len(b.Languages) != 9 || b.Languages["sq"] != "Shqip" || b.Languages["ar"] != "العربية" {
			t.Errorf("%s: language names %v", c.path, b.Languages)
		}
		if len(b.Fallbacks) > 0 {
			t.Errorf("%s: served in Italian for lack of a translation: %v", c.path, b.Fallbacks)
		}
		etag := res.Header.Get("ETag")
		if etag == "" || res.Header.Get("Cache-Control") == "" {
			t.Errorf("%s: not cacheable: %v", c.path, res.Header)
		}
		again := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/i18n/" + c.path,
			Header: map[string]string{"If-None-Match": etag}})
		if again.Status != http.StatusNotModified || len(again.Body) != 0 {
			t.Errorf("%s: revalidation got %d with %d bytes", c.path, again.Status, len(again.Body))
		}
	}
}

// An error reaches a phone in its language, with the code unchanged.
func TestErrorsAreLocalized(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	body := map[string]any{"title": map[string]string{"it": "x"}, "kind": "meeting", "status": "approved",
		"starts_at": hubtest.InDays(60, "10:00"), "ends_at": hubtest.InDays(60, "09:00")}
	for _, lang := range []string{"it", "ar", "uk", "zh"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
			Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: body,
			Header: map[string]string{"Accept-Language": lang}})
		var e struct {
			Message string
			Data    map[string]struct{ Code, Message string }
		}
		res.JSON(t, &e)
		if e.Data["ends_at"].Code != "validation_ends_before_starts" {
			t.Fatalf("%s: %s", lang, res.Body)
		}
		if want := catalog.T(lang, "validation_ends_before_starts", nil); e.Data["ends_at"].Message != want {
			t.Errorf("%s: field message %q, want %q", lang, e.Data["ends_at"].Message, want)
		}
		if want := catalog.T(lang, "error_status_400", nil); e.Message != want {
			t.Errorf("%s: message %q, want %q", lang, e.Message, want)
		}
	}
}

// Plural messages have every form go-i18n needs for each language's CLDR
// rules (Arabic six, Ukrainian four, Chinese one), so the server can
// localize any count.
func TestPluralsInEveryLanguage(t *testing.T) {
	catalog, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range catalog.Languages() {
		for _, id := range []string{"calendar_count", "services_count", "activity_places_left"} {
			for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100, 1000000} {
				got := catalog.T(lang, id, map[string]any{"Count": n})
				if got == id || !strings.Contains(got, strconv.Itoa(n)) {
					t.Errorf("%s %s(%d) = %q", lang, id, n, got)
				}
			}
		}
	}
	if one, many := catalog.T("uk", "calendar_count", map[string]any{"Count": 1}), catalog.T("uk", "calendar_count", map[string]any{"Count": 5}); one == strings.Replace(many, "5", "1", 1) {
		t.Errorf("Ukrainian uses one form for 1 and 5: %q, %q", one, many)
	}
}
