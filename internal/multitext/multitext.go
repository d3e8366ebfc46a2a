// Package multitext is the hub's multilingual text: a JSON object keyed by
// language code, {"it": "...", "en": "...", "ar": "..."}, with Italian as the
// source language. One field holds every translation so a record syncs,
// caches and renders as one unit, and a mediator translates by editing it.
package multitext

import (
	"encoding/json"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/cremona/hug/internal/vocab"
)

// Text is one multilingual value.
type Text map[string]string

// MaxRunes bounds one translation; the JSON field's maxSize bounds the whole.
const MaxRunes = 10000

// Parse decodes a stored field value. An empty value is an empty Text.
func Parse(raw []byte) (Text, error) {
	text := Text{}
	if len(raw) == 0 || string(raw) == "null" {
		return text, nil
	}
	if err := json.Unmarshal(raw, &text); err != nil {
		return nil, validation.NewError("validation_multitext_shape", "Must be an object of texts by language code, e.g. {\"it\": \"...\"}")
	}
	return text, nil
}

// Validate checks a field value: known language codes, bounded strings and,
// when required, an Italian source text.
func Validate(raw []byte, required bool) error {
	return ValidateIn(raw, required, vocab.Source)
}

// ValidateIn is Validate for a text whose original is in the language
// source (a proposal written in Arabic has only "ar" at first): when
// required, the text in source must be there
// (TestARequiredTextNeedsItsOriginalLanguage).
func ValidateIn(raw []byte, required bool, source string) error {
	text, err := Parse(raw)
	if err != nil {
		return err
	}
	for code, value := range text {
		if !vocab.IsLanguage(code) {
			return validation.NewError("validation_multitext_language", "Unknown language code {{.code}}").
				SetParams(map[string]any{"code": code})
		}
		if utf8.RuneCountInString(value) > MaxRunes {
			return validation.NewError("validation_multitext_too_long", "Each translation may have at most {{.max}} characters").
				SetParams(map[string]any{"max": MaxRunes})
		}
	}
	if required && text[source] == "" {
		if source != vocab.Source {
			return validation.NewError("validation_multitext_original_required", "The text in the original language is required")
		}
		return validation.NewError("validation_multitext_source_required", "The Italian text is required")
	}
	return nil
}

// Best returns the text in the first of the wanted languages that has one,
// else the source (the original), else the first of the hub's languages in
// their fixed order that has one; and the language it chose. An empty text
// is ("", source). The PWA's pick() (pb_public/i18n.js) follows the same
// chain: TestBestFollowsTheSharedCases and tests/js/best.test.mjs read one
// table of cases.
func (t Text) Best(wanted ...string) (string, string) {
	for _, lang := range wanted {
		if v := t[lang]; v != "" {
			return v, lang
		}
	}
	if v := t[vocab.Source]; v != "" {
		return v, vocab.Source
	}
	for _, l := range vocab.Languages {
		if v := t[l.Code]; v != "" {
			return v, l.Code
		}
	}
	return "", vocab.Source
}
