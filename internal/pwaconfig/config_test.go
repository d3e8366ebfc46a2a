package pwaconfig_test

import (
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/pwaconfig"
	"github.com/cremona/hug/internal/vocab"
)

func loadCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The phone learns the hub's vocabulary from GET /api/hub/config: exactly
// what internal/vocab defines, in its order, with each language's name in
// itself; it revalidates with the ETag and gets a 304 of no bytes.
func TestConfigIsTheVocabulary(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/config"})
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/hub/config: %d %s", res.Status, res.Body)
	}
	var got vocab.Shared
	res.JSON(t, &got)
	if want := vocab.Snapshot(loadCatalog(t).LanguageName); !reflect.DeepEqual(got, want) {
		t.Errorf("config\n got %+v\nwant %+v", got, want)
	}
	// What a phone relies on, spelled out.
	codes := []string{}
	for _, l := range got.Languages {
		codes = append(codes, l.Code)
		if l.Name == "" {
			t.Errorf("%s has no name", l.Code)
		}
	}
	if !reflect.DeepEqual(codes, vocab.LanguageCodes()) || codes[0] != "it" || got.SourceLanguage != "it" {
		t.Errorf("languages %v, source %q", codes, got.SourceLanguage)
	}
	if got.Languages[2].Code != "ar" || got.Languages[2].Dir != "rtl" || got.Languages[2].Name != "العربية" {
		t.Errorf("Arabic: %+v", got.Languages[2])
	}
	if got.TimeZone != "Europe/Rome" || !reflect.DeepEqual(got.AgeBands, vocab.AgeBands) ||
		!reflect.DeepEqual(got.ActivityKinds, vocab.ActivityKinds) || !reflect.DeepEqual(got.Roles, vocab.Roles) {
		t.Errorf("config %+v", got)
	}

	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Cache-Control") == "" {
		t.Fatalf("not cacheable: %v", res.Header)
	}
	again := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/config",
		Header: map[string]string{"If-None-Match": etag}})
	if again.Status != http.StatusNotModified || len(again.Body) != 0 {
		t.Errorf("revalidation: %d with %d bytes", again.Status, len(again.Body))
	}
	stale := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/config",
		Header: map[string]string{"If-None-Match": `"0000000000000000"`}})
	if stale.Status != http.StatusOK || len(stale.Body) == 0 {
		t.Errorf("an old ETag got %d", stale.Status)
	}
}

// The config's ETag is the same after a restart (a fresh catalog load), so
// phones do not download it again for nothing.
func TestConfigETagIsStableAcrossLoads(t *testing.T) {
	first, etag1, err := pwaconfig.Encode(loadCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		body, etag, err := pwaconfig.Encode(loadCatalog(t))
		if err != nil {
			t.Fatal(err)
		}
		if etag != etag1 || string(body) != string(first) {
			t.Fatalf("load %d: ETag %s, first %s", i, etag, etag1)
		}
	}
}
