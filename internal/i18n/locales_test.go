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
	"github.com/cremona/hug/internal/multitext"
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
	for _, lang := range multitext.Languages[1:] {
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
	for _, lang := range multitext.Languages {
		for id, message := range readLocale(t, lang) {
			if forms, ok := message.(map[string]any); ok {
				if _, ok := forms["other"]; !ok {
					t.Errorf("%s: %s has no \"other\" form", lang, id)
				}
			}
		}
	}
}
