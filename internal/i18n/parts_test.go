package i18n_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

// Every message is served once, in one part: the family part (what a first
// visit downloads) holds no desk message, the desk part nothing else, and
// together they are the whole catalog, in every language.
func TestTheTwoPartsAreTheWholeCatalog(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range vocab.LanguageCodes() {
		whole := catalog.BundleFor(lang).Messages
		got := map[string]int{}
		for url, part := range map[string]i18n.Part{"/api/hub/i18n/" + lang: i18n.FamilyPart, "/api/hub/i18n/" + lang + "/desk": i18n.DeskPart} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url})
			var b i18n.Bundle
			res.JSON(t, &b)
			if res.Status != http.StatusOK || b.Lang != lang || res.Header.Get("ETag") == "" {
				t.Fatalf("%s: %d, lang %q, ETag %q", url, res.Status, b.Lang, res.Header.Get("ETag"))
			}
			for id := range b.Messages {
				if i18n.PartOf(id) != part {
					t.Errorf("%s serves %s", url, id)
				}
				got[id]++
			}
		}
		if len(got) != len(whole) {
			t.Errorf("%s: the parts hold %d messages, the catalog %d", lang, len(got), len(whole))
		}
		for id := range whole {
			if got[id] != 1 {
				t.Errorf("%s: %s served %d times", lang, id, got[id])
			}
		}
	}
}

// deskDirs are the screens of staff and mediators (pb_public/components).
var deskDirs = []string{"staff", "figures", "attendance", "translate"}

// A family screen shows no desk message (it would show the id: the family's
// phone never downloads the desk part), and only desk screens load desk
// modules; every desk screen says so (`export const desk = true`), which
// makes app.js load the desk part before it renders.
func TestDeskMessagesStayOnTheDesk(t *testing.T) {
	public := filepath.Join(hubtest.Root(), "pb_public")
	quoted := make([]string, len(i18n.DeskPrefixes))
	for i, p := range i18n.DeskPrefixes {
		quoted[i] = regexp.QuoteMeta(p)
	}
	deskID := regexp.MustCompile("[\"'`](" + strings.Join(quoted, "|") + ")")
	deskImport := regexp.MustCompile(`(from\s+|import\()\s*"[^"]*components/(` + strings.Join(deskDirs, "|") + `)/`)
	isDesk := func(rel string) bool {
		for _, d := range deskDirs {
			if strings.HasPrefix(rel, filepath.Join("components", d)+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	screens := 0
	err := filepath.WalkDir(public, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js") || strings.Contains(path, string(filepath.Separator)+"vendor"+string(filepath.Separator)) {
			return err
		}
		rel, _ := filepath.Rel(public, path)
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(raw)
		switch {
		case isDesk(rel):
			if strings.Contains(src, "export async function view(") || strings.Contains(src, "export function view(") {
				screens++
				if !strings.Contains(src, "export const desk = true") {
					t.Errorf("%s: a desk screen without `export const desk = true`", rel)
				}
			}
		default:
			if m := deskID.FindString(src); m != "" {
				t.Errorf("%s: a family module uses a desk message (%s…)", rel, m)
			}
			if rel != "app.js" && deskImport.MatchString(src) {
				t.Errorf("%s: a family module imports a desk module", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if screens < 10 {
		t.Errorf("%d desk screens found: the scan is looking in the wrong place", screens)
	}
}
