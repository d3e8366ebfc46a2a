package i18n

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/cremona/hug/internal/vocab"
)

// Bundle is what a phone downloads for one language: every UI message, with
// plural forms kept apart so the phone picks them with Intl.PluralRules.
type Bundle struct {
	Lang      string         `json:"lang"`
	Dir       string         `json:"dir"`
	Messages  map[string]any `json:"messages"`
	Fallbacks []string       `json:"fallbacks,omitempty"` // ids served in Italian for lack of a translation, sorted
	// Languages names each language of the hub in itself ("Shqip",
	// "ਪੰਜਾਬੀ"), from its own locale file, for the language chooser:
	// browsers' Intl.DisplayNames lacks some of them.
	Languages map[string]string `json:"languages"`
}

// forms returns a message as one string, or as its plural forms.
func forms(m *goi18n.Message) any {
	plural := map[string]string{}
	for form, text := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many} {
		if text != "" {
			plural[form] = text
		}
	}
	if len(plural) == 0 {
		return m.Other
	}
	plural["other"] = m.Other
	return plural
}

// BundleFor builds a language's bundle; missing ids fall back to Italian and
// are listed in Fallbacks. The same messages always make the same bytes
// (maps are encoded with sorted keys, Fallbacks is sorted), so the ETag
// changes only when a message does: TestBundleETagDependsOnlyOnMessages.
func (c *Catalog) BundleFor(lang string) Bundle {
	b := Bundle{Lang: lang, Dir: vocab.Direction(lang), Messages: map[string]any{}, Languages: map[string]string{}}
	for _, code := range vocab.LanguageCodes() {
		if name := c.LanguageName(code); name != "" {
			b.Languages[code] = name
		}
	}
	own := c.messages[lang]
	for id, source := range c.messages[vocab.Source] {
		if m, ok := own[id]; ok && m.Other != "" {
			b.Messages[id] = forms(m)
			continue
		}
		b.Messages[id] = forms(source)
		if lang != vocab.Source {
			b.Fallbacks = append(b.Fallbacks, id)
		}
	}
	sort.Strings(b.Fallbacks)
	return b
}

// encoded is a bundle ready to serve, with its ETag.
type encoded struct {
	body []byte
	etag string
}

// encodeAll prepares every language's bundle once: the catalog is fixed for
// the life of the process.
func (c *Catalog) encodeAll() (map[string]encoded, error) {
	out := map[string]encoded{}
	for lang := range c.messages {
		body, err := json.Marshal(c.BundleFor(lang))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		out[lang] = encoded{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return out, nil
}
