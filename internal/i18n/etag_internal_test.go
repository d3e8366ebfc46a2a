package i18n

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/cremona/hug/internal/vocab"
)

// lagging is the real locales/ with a few English messages not translated
// yet (served in Italian) and the English file's messages in reverse order.
func lagging(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	dir := filepath.Join("..", "..", "locales")
	for _, code := range vocab.LanguageCodes() {
		raw, err := os.ReadFile(filepath.Join(dir, code+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if code == "en" {
			var messages map[string]any
			if err := json.Unmarshal(raw, &messages); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"nav_home", "nav_calendar", "nav_places", "nav_services", "calendar_title", "filter_all", "loading"} {
				delete(messages, id)
			}
			raw = reversed(t, messages)
		}
		fsys[code+".json"] = &fstest.MapFile{Data: raw}
	}
	return fsys
}

// reversed writes a JSON object with its keys in reverse order.
func reversed(t *testing.T, messages map[string]any) []byte {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	out := []byte("{")
	for i := len(keys) - 1; i >= 0; i-- {
		k, _ := json.Marshal(keys[i])
		v, err := json.Marshal(messages[keys[i]])
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(append(append(out, k...), ':'), v...), ',')
	}
	out[len(out)-1] = '}'
	return out
}

// A bundle's ETag changes only when a message does: not from one start to
// the next, though Go's maps come out in a new order each time, and not
// with a lagging translation (whose Italian fallbacks are listed). Else
// every phone downloads every bundle again after each restart.
func TestBundleETagDependsOnlyOnMessages(t *testing.T) {
	fsys := lagging(t)
	var first map[string]encoded
	for load := 0; load < 20; load++ {
		c, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Languages(); !reflect.DeepEqual(got, vocab.LanguageCodes()) {
			t.Fatalf("load %d: languages %v, want vocab's order %v", load, got, vocab.LanguageCodes())
		}
		bundles, err := c.encodeAll(FamilyPart)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = bundles
			var en Bundle
			json.Unmarshal(bundles["en"].body, &en)
			if len(en.Fallbacks) != 7 {
				t.Fatalf("English fallbacks %v, want the 7 removed ids", en.Fallbacks)
			}
			continue
		}
		for lang, b := range bundles {
			if b.etag != first[lang].etag {
				t.Fatalf("load %d: %s ETag %s, first load %s", load, lang, b.etag, first[lang].etag)
			}
		}
	}
	// The same messages in another file order give the same bytes as the
	// real, complete files do for the other languages.
	real, err := Load(os.DirFS(filepath.Join("..", "..", "locales")))
	if err != nil {
		t.Fatal(err)
	}
	bundles, _ := real.encodeAll(FamilyPart)
	if bundles["ar"].etag != first["ar"].etag {
		t.Error("the Arabic bundle depends on the English file")
	}
	if bundles["en"].etag == first["en"].etag {
		t.Error("removing English messages left the English ETag unchanged")
	}
}

// The catalog serves the hub's languages and only them: a locale file for a
// language vocab does not define is refused at start, and so is a missing one.
func TestCatalogLanguagesAreVocabs(t *testing.T) {
	fsys := lagging(t)
	fsys["de.json"] = &fstest.MapFile{Data: []byte(`{"app_name": "Hug"}`)}
	if _, err := Load(fsys); err == nil {
		t.Error("a German file was accepted")
	}
	fsys = lagging(t)
	delete(fsys, "pa.json")
	if _, err := Load(fsys); err == nil {
		t.Error("a catalog without Punjabi was accepted")
	}
}
