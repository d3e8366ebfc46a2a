package i18n

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"

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

// DeskPrefixes start the ids of the staff's and mediators' screens' messages
// (pb_public/components/staff, figures, attendance, translate). They are
// the desk part of a language's bundle, downloaded when such a screen first
// opens, so a family's first visit carries none of them (about a quarter
// of the bundle). A family screen never uses one: TestDeskMessagesStayOnTheDesk.
var DeskPrefixes = []string{"staff_", "audit_", "figures_", "translate_", "attendance_"}

// Part is which messages a bundle holds: the family part (every screen a
// family sees) or the desk part (DeskPrefixes).
type Part string

const (
	FamilyPart Part = "family"
	DeskPart   Part = "desk"
)

// PartOf is the part a message id belongs to.
func PartOf(id string) Part {
	for _, p := range DeskPrefixes {
		if strings.HasPrefix(id, p) {
			return DeskPart
		}
	}
	return FamilyPart
}

// PartFor is a language's bundle with the messages of one part only.
func (c *Catalog) PartFor(lang string, part Part) Bundle {
	b := c.BundleFor(lang)
	for id := range b.Messages {
		if PartOf(id) != part {
			delete(b.Messages, id)
		}
	}
	kept := b.Fallbacks[:0]
	for _, id := range b.Fallbacks {
		if PartOf(id) == part {
			kept = append(kept, id)
		}
	}
	b.Fallbacks = kept
	if part == DeskPart {
		b.Languages = nil // the family part has them
	}
	return b
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
func (c *Catalog) encodeAll(part Part) (map[string]encoded, error) {
	out := map[string]encoded{}
	for lang := range c.messages {
		body, err := json.Marshal(c.PartFor(lang, part))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		out[lang] = encoded{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return out, nil
}
