package i18n_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/vocab"
)

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// placeholders lists the template variables of a message (all its forms).
func placeholders(message any) []string {
	raw, _ := json.Marshal(message)
	set := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(string(raw), -1) {
		set[m[1]] = true
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func readLocale(t *testing.T, lang string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(hubtest.Root(), "locales", lang+".json"))
	if err != nil {
		t.Fatalf("locales/%s.json: %v", lang, err)
	}
	messages := map[string]any{}
	if err := json.Unmarshal(raw, &messages); err != nil {
		t.Fatalf("locales/%s.json: %v", lang, err)
	}
	return messages
}

// Every language of the hub has every message of the Italian source, with
// the same placeholders, and nothing the source does not have.
func TestEveryLanguageIsComplete(t *testing.T) {
	source := readLocale(t, "it")
	for _, lang := range vocab.LanguageCodes()[1:] {
		t.Run(lang, func(t *testing.T) {
			messages := readLocale(t, lang)
			var missing, extra, mismatched []string
			for id, text := range source {
				translated, ok := messages[id]
				switch {
				case !ok || translated == "":
					missing = append(missing, id)
				case strings.Join(placeholders(translated), ",") != strings.Join(placeholders(text), ","):
					mismatched = append(mismatched, id)
				}
			}
			for id := range messages {
				if _, ok := source[id]; !ok {
					extra = append(extra, id)
				}
			}
			sort.Strings(missing)
			sort.Strings(mismatched)
			sort.Strings(extra)
			if len(missing)+len(mismatched)+len(extra) > 0 {
				t.Errorf("locales/%s.json: missing %v; placeholders differ from Italian in %v; unknown ids %v", lang, missing, mismatched, extra)
			}
		})
	}
}

// Plural messages carry the "other" form every language needs.
func TestPluralMessagesHaveOther(t *testing.T) {
	for _, lang := range vocab.LanguageCodes() {
		for id, message := range readLocale(t, lang) {
			if forms, ok := message.(map[string]any); ok {
				if _, ok := forms["other"]; !ok {
					t.Errorf("%s: %s has no \"other\" form", lang, id)
				}
			}
		}
	}
}

// Every message the PWA asks for by name exists in the source language (a
// missing one would show its id to a family).
func TestPWAMessagesExist(t *testing.T) {
	source := readLocale(t, "it")
	literal := regexp.MustCompile(`(?:^|[^\w.])t\(\s*"([a-z0-9_]+)"\s*[,)]`)
	prefixed := regexp.MustCompile(`(?:^|[^\w.])t\(\s*"([a-z0-9_]+_)"\s*\+`)
	dir := filepath.Join(hubtest.Root(), "pb_public")
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") || strings.Contains(p, "vendor") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if _, ok := source[m[1]]; !ok {
				t.Errorf("%s asks for %q, which locales/it.json lacks", p, m[1])
			}
		}
		for _, m := range prefixed.FindAllStringSubmatch(string(src), -1) {
			found := false
			for id := range source {
				found = found || strings.HasPrefix(id, m[1])
			}
			if !found {
				t.Errorf("%s builds ids from %q, and no message starts so", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
