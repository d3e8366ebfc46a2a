package i18ncheck

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// Coverage is, for one language, how many of the content's texts (each
// multilingual field of each record that has an original) lack it, and how
// many of its translations are outdated (their original changed after
// they were written: the provenance field, internal/multitext).
type Coverage struct {
	Lang         string `json:"lang"`
	Texts        int    `json:"texts"`
	Untranslated int    `json:"untranslated"`
	Outdated     int    `json:"outdated"`
}

// Content counts, per language, the untranslated and outdated texts of the
// collections of multitext.Fields. A text in its own original language
// counts as translated.
func Content(app core.App) ([]Coverage, error) {
	byLang := map[string]*Coverage{}
	out := []Coverage{}
	for _, lang := range vocab.LanguageCodes() {
		byLang[lang] = &Coverage{Lang: lang}
	}
	for collection, fields := range multitext.Fields {
		records, err := app.FindAllRecords(collection)
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			var prov multitext.Provenance
			_ = json.Unmarshal([]byte(r.GetString(multitext.ProvenanceField)), &prov)
			for name := range fields {
				text, err := multitext.Parse([]byte(r.GetString(name)))
				if err != nil {
					continue // a list of texts (the centre's service lines)
				}
				original := multitext.SourceLanguage(r, name)
				if text[original] == "" {
					continue
				}
				for lang, c := range byLang {
					c.Texts++
					if text[lang] == "" {
						c.Untranslated++
					} else if p := prov[name]; p != nil && p.Translations[lang] != nil && p.Translations[lang].Outdated {
						c.Outdated++
					}
				}
			}
		}
	}
	for _, lang := range vocab.LanguageCodes() {
		out = append(out, *byLang[lang])
	}
	return out, nil
}
