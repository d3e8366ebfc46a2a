// Package i18ncheck is `hug i18n check`: whether every locale file says what
// it.json says (no key missing or extra, the same {{.Name}} placeholders,
// the plural forms CLDR gives the language, as go-i18n knows them), and how much of the content
// is untranslated or outdated in each language.
package i18ncheck

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/cremona/hug/internal/vocab"
)

// Problem is one thing a translator must fix.
type Problem struct {
	Lang, Key, Kind, Detail string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s.json %s: %s %s", p.Lang, p.Key, p.Kind, p.Detail)
}

// Kinds of problems.
const (
	Missing     = "missing"      // in it.json, not in this language
	Extra       = "extra"        // in this language, not in it.json
	Placeholder = "placeholders" // another set of {{.Name}} than it.json's
	PluralForms = "plural forms" // a form CLDR needs is absent, or one it never uses is there
	Shape       = "shape"        // a text where it.json has plural forms, or the other way round
)

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// Keys checks the locale files of fsys (locales/) against it.json.
func Keys(fsys fs.FS) ([]Problem, error) {
	files := map[string]map[string]any{}
	for _, lang := range vocab.LanguageCodes() {
		raw, err := fs.ReadFile(fsys, lang+".json")
		if err != nil {
			return nil, err
		}
		m := map[string]any{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s.json: %w", lang, err)
		}
		files[lang] = m
	}
	source := files[vocab.Source]
	var problems []Problem
	for _, lang := range vocab.LanguageCodes() {
		file := files[lang]
		required := RequiredForms(lang)
		for _, key := range sortedKeys(source) {
			value, ok := file[key]
			if !ok {
				problems = append(problems, Problem{lang, key, Missing, ""})
				continue
			}
			_, srcPlural := source[key].(map[string]any)
			forms, isPlural := value.(map[string]any)
			if srcPlural != isPlural {
				problems = append(problems, Problem{lang, key, Shape, "(plural in it.json: " + fmt.Sprint(srcPlural) + ")"})
				continue
			}
			if want, got := placeholders(source[key]), placeholders(value); !slices.Equal(want, got) {
				problems = append(problems, Problem{lang, key, Placeholder, fmt.Sprintf("%v, it.json has %v", got, want)})
			}
			if isPlural {
				have := slices.Sorted(maps.Keys(forms))
				if !slices.Equal(have, required) {
					problems = append(problems, Problem{lang, key, PluralForms, fmt.Sprintf("%v, %s needs %v", have, lang, required)})
				}
			}
		}
		for _, key := range sortedKeys(file) {
			if _, ok := source[key]; !ok {
				problems = append(problems, Problem{lang, key, Extra, ""})
			}
		}
	}
	return problems, nil
}

// RequiredForms are the CLDR cardinal plural forms of lang, as go-i18n
// (which renders the server's messages) knows them: a message whose six
// forms name themselves is rendered for whole and decimal counts, and the
// forms that come out are the ones the language uses. (golang.org/x/text's
// tables are an older CLDR, without Italian's and French's "many".)
func RequiredForms(lang string) []string {
	bundle := goi18n.NewBundle(language.MustParse(lang))
	msg := &goi18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := bundle.AddMessages(language.MustParse(lang), msg); err != nil {
		return []string{"other"}
	}
	loc := goi18n.NewLocalizer(bundle, lang)
	seen := map[string]bool{"other": true}
	samples := []any{"0.5", "1.5", "2.5", 1000, 10000, 100000, 1000000, 2000000, 10000000}
	for n := 0; n <= 1000; n++ {
		samples = append(samples, n)
	}
	for _, n := range samples {
		if form, err := loc.Localize(&goi18n.LocalizeConfig{DefaultMessage: msg, PluralCount: n}); err == nil {
			seen[form] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// placeholders: the sorted set of {{.Name}} of a message (every form).
func placeholders(v any) []string {
	set := map[string]bool{}
	add := func(s string) {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			set[m[1]] = true
		}
	}
	switch v := v.(type) {
	case string:
		add(v)
	case map[string]any:
		for _, f := range v {
			if s, ok := f.(string); ok {
				add(s)
			}
		}
	}
	out := slices.Sorted(maps.Keys(set))
	if out == nil {
		out = []string{}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
