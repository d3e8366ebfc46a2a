package multitext

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// SourceLanguage is the language a field of record is written in first: its
// original, which only its author's side (the owner, staff) may change. It
// is the record's `original_language` when its collection has one and it is
// set (a proposal written in Arabic), else Italian; the checks below only
// ask "is this the source?".
func SourceLanguage(record *core.Record, field string) string {
	if lang := record.GetString("original_language"); lang != "" && vocab.IsLanguage(lang) {
		return lang
	}
	return vocab.Source
}

// CheckMediatorEdit is what a mediator may change in record (its change on
// top of record.Original()): only the multilingual fields, only the texts in
// the languages the mediator translates into (their profile's `languages`),
// never the source text. It is the one place of this rule: the records API
// hook calls it, and so will the offline mutations endpoint.
// Proved by TestMediatorsChangeOnlyTheirTranslations.
func CheckMediatorEdit(mediator, record *core.Record) error {
	fields := Fields[record.Collection().Name]
	original := record.Original()
	errs := validation.Errors{}
	for _, field := range record.Collection().Fields {
		name := field.GetName()
		if _, translatable := fields[name]; translatable || name == "updated" {
			continue
		}
		if !reflect.DeepEqual(original.Get(name), record.Get(name)) {
			errs[name] = validation.NewError("mediators_translate_only", "Mediators may change translations only")
		}
	}
	changes, structural := changes(record, fields)
	for _, name := range structural {
		errs[name] = validation.NewError("mediators_translate_only", "Mediators may change translations only")
	}
	own := mediator.GetStringSlice("languages")
	for _, c := range changes {
		for _, lang := range c.Languages {
			switch {
			case lang == SourceLanguage(record, c.Field):
				errs[c.Field] = validation.NewError("mediators_source_language", "Mediators translate: the original text is changed by its author or by staff")
			case !slices.Contains(own, lang):
				errs[c.Field] = validation.NewError("mediators_own_languages_only", "You can change only the languages you translate into (your profile's languages)")
			}
		}
		// Each text they write is plain text (TestMediatorsWritePlainText).
		before := TextsAt(c.Field, original.Get(c.Field))
		for path, text := range TextsAt(c.Field, record.Get(c.Field)) {
			for lang, value := range text {
				if value != before[path][lang] && errs[c.Field] == nil {
					if err := CheckTranslationText(value); err != nil {
						errs[c.Field] = err
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Change is one multilingual field that an edit touches, and the languages
// whose text it adds, changes or removes.
type Change struct {
	Field     string
	Languages []string
}

// TextChanges are the changes of one edit, by field name.
type TextChanges []Change

// String is "summary: ar, fr; title: ar", the audit log's detail.
func (c TextChanges) String() string {
	parts := make([]string, len(c))
	for i, change := range c {
		parts[i] = change.Field + ": " + strings.Join(change.Languages, ", ")
	}
	return strings.Join(parts, "; ")
}

// Changes lists the texts an edit of record changes in its multilingual
// fields. A change that is not a text in a language (the shape of a list,
// a key that is not a language) is an error.
func Changes(record *core.Record) (TextChanges, error) {
	changes, structural := changes(record, Fields[record.Collection().Name])
	if len(structural) > 0 {
		return changes, validation.Errors{structural[0]: validation.NewError("mediators_translate_only", "Mediators may change translations only")}
	}
	return changes, nil
}

func changes(record *core.Record, fields map[string]bool) (TextChanges, []string) {
	original := record.Original()
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var out TextChanges
	var structural []string
	for _, name := range names {
		before, errA := decode(original.GetString(name))
		after, errB := decode(record.GetString(name))
		if errA != nil || errB != nil {
			structural = append(structural, name)
			continue
		}
		langs := map[string]bool{}
		if !diffTexts(before, after, langs) {
			structural = append(structural, name)
		}
		if len(langs) > 0 {
			out = append(out, Change{Field: name, Languages: inHubOrder(langs)})
		}
	}
	return out, structural
}

func decode(raw string) (any, error) {
	if raw == "" || raw == "null" {
		return nil, nil
	}
	var v any
	err := json.Unmarshal([]byte(raw), &v)
	return v, err
}

// diffTexts walks two JSON values side by side and collects the languages
// whose texts differ (a text is a string under a language key, at any depth:
// the centre's service lines are a list of such objects). It reports false
// when they differ anywhere else.
func diffTexts(a, b any, langs map[string]bool) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	am, aIsMap := a.(map[string]any)
	bm, bIsMap := b.(map[string]any)
	if (aIsMap || a == nil) && (bIsMap || b == nil) {
		same := true
		for key := range union(am, bm) {
			av, bv := am[key], bm[key]
			if !vocab.IsLanguage(key) {
				same = diffTexts(av, bv, langs) && same
				continue
			}
			_, aText := av.(string)
			_, bText := bv.(string)
			if (av != nil && !aText) || (bv != nil && !bText) {
				same = false
			} else if av != bv {
				langs[key] = true
			}
		}
		return same
	}
	al, aIsList := a.([]any)
	bl, bIsList := b.([]any)
	if aIsList && bIsList && len(al) == len(bl) {
		same := true
		for i := range al {
			same = diffTexts(al[i], bl[i], langs) && same
		}
		return same
	}
	return false
}

func union(a, b map[string]any) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// inHubOrder lists the languages of set in the hub's fixed order.
func inHubOrder(set map[string]bool) []string {
	var out []string
	for _, code := range vocab.LanguageCodes() {
		if set[code] {
			out = append(out, code)
		}
	}
	return out
}
