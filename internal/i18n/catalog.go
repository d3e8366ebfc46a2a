// Package i18n is the hub's single source of user-facing text: the go-i18n
// message files in locales/, one per language, matched to what a phone asks
// for with golang.org/x/text/language. The PWA gets its messages from
// GET /api/hub/i18n/{lang}; the server uses them to localize errors.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Source is the language every message is written in first and the one
// everything falls back to.
const Source = "it"

// Catalog holds every language's messages.
type Catalog struct {
	bundle   *goi18n.Bundle
	messages map[string]map[string]*goi18n.Message // lang -> id -> message
	tags     []language.Tag
	matcher  language.Matcher
}

// Load reads every locales/<lang>.json file of fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		bundle:   goi18n.NewBundle(language.Italian),
		messages: map[string]map[string]*goi18n.Message{},
	}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files) // deterministic order; Italian is put first below
	for _, name := range files {
		file, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locales/%s: %w", name, err)
		}
		lang := strings.TrimSuffix(path.Base(name), ".json")
		byID := map[string]*goi18n.Message{}
		for _, m := range file.Messages {
			byID[m.ID] = m
		}
		c.messages[lang] = byID
	}
	if _, ok := c.messages[Source]; !ok {
		return nil, fmt.Errorf("locales: the source language %q is missing", Source)
	}
	c.tags = []language.Tag{language.Italian} // the matcher's fallback is its first tag
	for lang := range c.messages {
		if lang != Source {
			c.tags = append(c.tags, language.MustParse(lang))
		}
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// Languages lists the catalog's language codes, source first.
func (c *Catalog) Languages() []string {
	langs := make([]string, 0, len(c.tags))
	for _, t := range c.tags {
		langs = append(langs, t.String())
	}
	return langs
}

// Match picks the catalog language that best serves a list of preferences:
// codes ("ar", "en-GB") or Accept-Language headers. Anything unknown or
// broken falls back to Italian.
func (c *Catalog) Match(prefs ...string) string {
	var wanted []language.Tag
	for _, p := range prefs {
		tags, _, err := language.ParseAcceptLanguage(p)
		if err == nil {
			wanted = append(wanted, tags...)
		}
	}
	_, index, confidence := c.matcher.Match(wanted...)
	if confidence == language.No {
		return Source
	}
	return c.tags[index].String()
}

// Direction is "rtl" for languages written right to left.
func Direction(lang string) string {
	switch lang {
	case "ar", "fa", "he", "ur":
		return "rtl"
	}
	return "ltr"
}

// T localizes one message in lang, with template data and an optional plural
// count; a message missing in lang falls back to Italian, then to its id.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	text, err := goi18n.NewLocalizer(c.bundle, lang, Source).Localize(cfg)
	if err != nil {
		return id
	}
	return text
}

// Has reports whether the source language defines id.
func (c *Catalog) Has(id string) bool {
	_, ok := c.messages[Source][id]
	return ok
}
