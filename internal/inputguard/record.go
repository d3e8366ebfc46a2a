package inputguard

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// CleanRecord applies CleanText to every text, editor and JSON field of a
// record (for JSON, to every string inside it, multilingual texts, hour notes
// and lists of texts alike), in place. Fields whose bytes are not UTF-8 are
// refused, each with its name.
func CleanRecord(record *core.Record) error {
	errs := validation.Errors{}
	for _, field := range record.Collection().Fields {
		name := field.GetName()
		switch field.Type() {
		case core.FieldTypeText, core.FieldTypeEditor:
			raw, ok := record.GetRaw(name).(string)
			if !ok {
				continue
			}
			clean, err := CleanText(raw)
			if err != nil {
				errs[name] = err
			} else if clean != raw {
				record.SetRaw(name, clean)
			}
		case core.FieldTypeJSON:
			if err := cleanJSONField(record, name); err != nil {
				errs[name] = err
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func cleanJSONField(record *core.Record, name string) error {
	raw, ok := record.GetRaw(name).(types.JSONRaw)
	if !ok || len(raw) == 0 {
		return nil
	}
	if !utf8.Valid(raw) {
		return errInvalidUTF8()
	}
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return nil // not JSON: the field's own validation says so
	}
	// A \u escape can spell a control or a lone surrogate in valid UTF-8
	// bytes: the decoded strings are what the phones render.
	clean, changed, err := cleanJSONValue(value)
	if err != nil || !changed {
		return err
	}
	var encoded bytes.Buffer
	enc := json.NewEncoder(&encoded)
	enc.SetEscapeHTML(false) // keep "<" readable in the stored text
	if err := enc.Encode(clean); err != nil {
		return err
	}
	record.SetRaw(name, types.JSONRaw(bytes.TrimSpace(encoded.Bytes())))
	return nil
}
