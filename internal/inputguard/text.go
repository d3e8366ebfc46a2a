// Package inputguard holds the checks every input passes whatever its path:
// text is valid UTF-8 and carries no bidirectional embedding, override or
// isolate controls (Bidi controls reverse text on screen: "gnp.exe"), and a
// number sent as a string is a number.
//
// The model-level checks (CleanText, CleanRecord) run on every save of every
// collection; the request-level checks (RequestUTF8, NumberInput) refuse a
// body before PocketBase decodes it into a record, where a bad byte or
// "10abc" would otherwise be stored raw or as 0.
package inputguard

import (
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
)

// bidiControls are the Unicode characters that open or close a bidirectional
// embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): the ones
// "Trojan Source" (CVE-2021-42574) uses. The directional marks (LRM U+200E,
// RLM U+200F, ALM U+061C) are kept: they are ordinary in Arabic text, change
// no order beyond their neighbours and cannot reverse a run of text.
const bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"

// IsBidiControl reports whether r is one of the stripped controls.
func IsBidiControl(r rune) bool { return strings.ContainsRune(bidiControls, r) }

// errInvalidUTF8 is the one refusal for bytes that are not UTF-8 text.
func errInvalidUTF8() error {
	return validation.NewError("validation_invalid_utf8", "The text contains bytes that are not valid characters")
}

// CleanText is the rule for one string: invalid UTF-8 is refused, Bidi
// controls are removed. The phones show user text with dir="auto", which
// isolates each field; a control inside it could still reverse the rest of
// that field, so none is kept.
func CleanText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return s, errInvalidUTF8()
	}
	if !strings.ContainsAny(s, bidiControls) {
		return s, nil
	}
	return strings.Map(func(r rune) rune {
		if IsBidiControl(r) {
			return -1
		}
		return r
	}, s), nil
}

// cleanJSONValue applies CleanText to every string of a decoded JSON value,
// object keys included, and reports whether anything changed.
func cleanJSONValue(v any) (any, bool, error) {
	switch value := v.(type) {
	case string:
		clean, err := CleanText(value)
		return clean, clean != value, err
	case []any:
		changed := false
		for i, item := range value {
			clean, c, err := cleanJSONValue(item)
			if err != nil {
				return v, false, err
			}
			value[i], changed = clean, changed || c
		}
		return value, changed, nil
	case map[string]any:
		out := make(map[string]any, len(value))
		changed := false
		for key, item := range value {
			cleanKey, ck, err := cleanJSONValue(key)
			if err != nil {
				return v, false, err
			}
			clean, c, err := cleanJSONValue(item)
			if err != nil {
				return v, false, err
			}
			out[cleanKey.(string)], changed = clean, changed || c || ck
		}
		return out, changed, nil
	}
	return v, false, nil
}
