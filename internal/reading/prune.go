package reading

import (
	"encoding/json"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// Prune cuts each multilingual field of record (multitext.Fields) to the
// languages of chain and the field's original (`original_language` where
// the record has one, else Italian), and the provenance of its texts to the
// same languages: what a phone of that reader keeps. Texts inside a list
// (the centre's service_lines) are cut too. A record of another collection
// is left alone. Only the sync feed's copy is cut: the records API and the
// database keep every language (TestTheFeedCarriesTheChainAndTheOriginal).
func Prune(record *core.Record, chain []string) {
	if _, ok := multitext.Fields[record.Collection().Name]; !ok {
		return
	}
	values := map[string]any{}
	for name := range multitext.Fields[record.Collection().Name] {
		values[name] = decode(record.GetString(name))
	}
	values[multitext.ProvenanceField] = decode(record.GetString(multitext.ProvenanceField))
	values["original_language"] = record.GetString("original_language")
	PruneMap(record.Collection().Name, values, chain)
	for name := range multitext.Fields[record.Collection().Name] {
		if values[name] != nil {
			record.Set(name, raw(values[name]))
		}
	}
	if values[multitext.ProvenanceField] != nil {
		record.Set(multitext.ProvenanceField, raw(values[multitext.ProvenanceField]))
	}
}

// PruneMap is Prune on a record as JSON gives it (a map of its fields),
// which it changes in place: the sync feed's agreement tests cut the
// records API's answer with it before comparing.
func PruneMap(collection string, record map[string]any, chain []string) {
	fields, ok := multitext.Fields[collection]
	if !ok {
		return
	}
	original := func(string) string { return vocab.Source }
	if lang, _ := record["original_language"].(string); vocab.IsLanguage(lang) {
		original = func(string) string { return lang }
	}
	for name := range fields {
		if v := record[name]; v != nil {
			record[name] = pruneValue(v, append(slices.Clone(chain), original(name)))
		}
	}
	prov, _ := record[multitext.ProvenanceField].(map[string]any)
	for _, e := range prov {
		entry, _ := e.(map[string]any)
		translations, _ := entry["translations"].(map[string]any)
		orig, _ := entry["original"].(string)
		for lang := range translations {
			if lang != orig && !slices.Contains(chain, lang) {
				delete(translations, lang)
			}
		}
	}
}

func decode(s string) any {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	return v
}

// pruneValue keeps the languages of keep in a text ({"it": "…", "ar": "…"})
// and walks into lists and objects that hold texts.
func pruneValue(v any, keep []string) any {
	switch v := v.(type) {
	case map[string]any:
		if isText(v) {
			out := map[string]any{}
			for lang, s := range v {
				if slices.Contains(keep, lang) {
					out[lang] = s
				}
			}
			return out
		}
		for k, inner := range v {
			v[k] = pruneValue(inner, keep)
		}
		return v
	case []any:
		for i, inner := range v {
			v[i] = pruneValue(inner, keep)
		}
		return v
	}
	return v
}

// isText: a non-empty object of strings keyed by the hub's language codes.
func isText(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k, v := range m {
		if _, ok := v.(string); !ok || !vocab.IsLanguage(k) {
			return false
		}
	}
	return true
}

func raw(v any) types.JSONRaw {
	b, _ := json.Marshal(v)
	return types.JSONRaw(b)
}
