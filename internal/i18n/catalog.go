// Package i18n is the hub's single source of user-facing text: the go-i18n
// message files in locales/, one per language, matched to what a phone asks
// for with golang.org/x/text/language. The PWA gets its messages from
// GET /api/hub/i18n/{lang}; the server uses them to localize errors.
package i18n

import (
	"fmt"
	"io/fs"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/cremona/hug/internal/vocab"
)

// Catalog holds every language's messages.
type Catalog struct {
	bundle   *goi18n.Bundle
	messages map[string]map[string]*goi18n.Message // lang -> id -> message
	tags     []language.Tag
	matcher  language.Matcher
}

// Load reads locales/<lang>.json of fsys for each of the hub's languages
// (internal/vocab), in vocab's fixed order: the source first, which is also
// the matcher's fallback. A language without a file, or a file for a
// language the hub does not define, is an error: the list lives in vocab.
func Load(fsys fs.FS) (*Catalog, error) {
	source := language.MustParse(vocab.Source)
	c := &Catalog{
		bundle:   goi18n.NewBundle(source),
		messages: map[string]map[string]*goi18n.Message{},
	}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		if !vocab.IsLanguage(strings.TrimSuffix(name, ".json")) {
			return nil, fmt.Errorf("locales/%s: not one of the hub's languages (internal/vocab)", name)
		}
	}
	for _, lang := range vocab.LanguageCodes() {
		name := lang + ".json"
		file, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locales/%s: %w", name, err)
		}
		byID := map[string]*goi18n.Message{}
		for _, m := range file.Messages {
			byID[m.ID] = m
		}
		c.messages[lang] = byID
		c.tags = append(c.tags, language.MustParse(lang))
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// Languages lists the catalog's language codes, in vocab's order.
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
		return vocab.Source
	}
	return c.tags[index].String()
}

// T localizes one message in lang, with template data and an optional plural
// count; a message missing in lang falls back to Italian, then to its id.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	text, err := goi18n.NewLocalizer(c.bundle, lang, vocab.Source).Localize(cfg)
	if err != nil {
		return id
	}
	return text
}

// Has reports whether the source language defines id.
func (c *Catalog) Has(id string) bool {
	_, ok := c.messages[vocab.Source][id]
	return ok
}

// LanguageName is a language's name in itself ("Shqip", "ਪੰਜਾਬੀ"), from its
// own locale file, or "" where that file lacks it.
func (c *Catalog) LanguageName(code string) string {
	if m, ok := c.messages[code]["language_name"]; ok {
		return m.Other
	}
	return ""
}
