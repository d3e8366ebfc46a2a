package i18ncheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cremona/hug/internal/vocab"
)

// Merged says what Merge did: the ids added at the end of every locale
// file and the ids whose texts were replaced in place.
type Merged struct {
	Added, Replaced []string
}

// Refused is Merge's answer to a keys file it will not merge: every reason,
// one a line ("id: lang: what"). Nothing was written.
type Refused []string

func (r Refused) Error() string {
	return "nothing merged:\n  " + strings.Join(r, "\n  ")
}

var messageID = regexp.MustCompile(`^[a-z0-9_]+$`)

// pluralOrder is the order in which Merge writes a new message's plural
// forms (CLDR's, the order of the existing files).
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// LockWait is how long Merge waits for another merge to finish.
var LockWait = 10 * time.Second

// Merge adds or replaces the messages of keys ({"id": {"it": text or
// plural forms, "en": …}}, every language of the hub) in the locale files
// of dir (locales/). It refuses the whole file, writing nothing, if any
// message lacks a language, has one the hub lacks, an empty text, an id
// that is not [a-z0-9_]+, other {{.Name}} placeholders than its Italian
// text, or plural forms that are not the ones its language needs
// (RequiredForms). Each file keeps its keys in their order, a replaced
// message stays where it was, new ones go at the end, in the order of
// keys; the format is JSON.stringify(m, null, 2)'s (non-ASCII as is, a
// trailing newline), and a message that is not replaced keeps its bytes.
// The nine files are written to temporary files first and renamed only
// when all are written (if a rename fails, those already renamed get
// their old bytes back), under a lock (lockLocales), so merges running at
// once lose nothing.
func Merge(dir string, keys []byte) (Merged, error) {
	ids, messages, err := parseKeys(keys)
	if err != nil {
		return Merged{}, err
	}
	unlock, err := lockLocales()
	if err != nil {
		return Merged{}, err
	}
	defer unlock()

	var done Merged
	outputs := map[string][]byte{}
	modes := map[string]os.FileMode{}
	for i, lang := range vocab.LanguageCodes() {
		path := filepath.Join(dir, lang+".json")
		info, err := os.Stat(path)
		if err != nil {
			return Merged{}, err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return Merged{}, err
		}
		existing, values, err := orderedObject(raw)
		if err != nil {
			return Merged{}, fmt.Errorf("%s.json: %w", lang, err)
		}
		for _, id := range ids {
			value := encodeMessage(messages[id][lang])
			if _, ok := values[id]; ok {
				if i == 0 {
					done.Replaced = append(done.Replaced, id)
				}
			} else {
				existing = append(existing, id)
				if i == 0 {
					done.Added = append(done.Added, id)
				}
			}
			values[id] = value
		}
		outputs[lang] = encodeFile(existing, values)
		modes[lang] = info.Mode().Perm()
	}
	return done, writeAll(dir, outputs, modes)
}

// parseKeys reads a keys file and checks every message; Refused lists
// all that is wrong with it.
func parseKeys(keys []byte) ([]string, map[string]map[string]any, error) {
	ids, raws, err := orderedObject(keys)
	if err != nil {
		return nil, nil, Refused{"not a JSON object of messages: " + err.Error()}
	}
	var refused Refused
	refuse := func(format string, args ...any) { refused = append(refused, fmt.Sprintf(format, args...)) }
	hub := vocab.LanguageCodes()
	messages := map[string]map[string]any{}
	for _, id := range ids {
		if !messageID.MatchString(id) {
			refuse("%q: an id is lowercase letters, digits and _", id)
		}
		byLang := map[string]any{}
		if err := json.Unmarshal(raws[id], &byLang); err != nil {
			refuse("%s: not an object of languages", id)
			continue
		}
		messages[id] = byLang
		for _, lang := range slices.Sorted(maps.Keys(byLang)) {
			if !slices.Contains(hub, lang) {
				refuse("%s: %s is not a language of the hub (%s)", id, lang, strings.Join(hub, " "))
			}
		}
		source := byLang[vocab.Source]
		_, sourcePlural := source.(map[string]any)
		_, sourceText := source.(string)
		for _, lang := range hub {
			value, ok := byLang[lang]
			if !ok {
				refuse("%s: %s missing", id, lang)
				continue
			}
			switch v := value.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					refuse("%s: %s empty", id, lang)
					continue
				}
				if sourcePlural {
					refuse("%s: %s is a text, %s.json's message has plural forms", id, lang, vocab.Source)
					continue
				}
			case map[string]any:
				if sourceText {
					refuse("%s: %s has plural forms, %s.json's message is a text", id, lang, vocab.Source)
					continue
				}
				forms := slices.Sorted(maps.Keys(v))
				if need := RequiredForms(lang); !slices.Equal(forms, need) {
					refuse("%s: %s plural forms %v, %s needs %v", id, lang, forms, lang, need)
				}
				bad := false
				for _, f := range forms {
					if s, ok := v[f].(string); !ok || strings.TrimSpace(s) == "" {
						refuse("%s: %s form %s empty or not a text", id, lang, f)
						bad = true
					}
				}
				if bad {
					continue
				}
			default:
				refuse("%s: %s is neither a text nor plural forms", id, lang)
				continue
			}
			if lang == vocab.Source || !sourcePlural && !sourceText {
				continue
			}
			if w, got := placeholders(source), placeholders(value); !slices.Equal(w, got) {
				refuse("%s: %s placeholders %v, %s has %v", id, lang, got, vocab.Source, w)
			}
		}
	}
	if len(refused) > 0 {
		return nil, nil, refused
	}
	return ids, messages, nil
}

// orderedObject decodes a JSON object's keys in their order, and each
// value's bytes as they are.
func orderedObject(raw []byte) ([]string, map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil {
		return nil, nil, err
	} else if tok != json.Delim('{') {
		return nil, nil, errors.New("not an object")
	}
	var keys []string
	values := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, nil, err
		}
		if _, twice := values[key]; twice {
			return nil, nil, fmt.Errorf("%q given twice", key)
		}
		keys = append(keys, key)
		values[key] = value
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("something after the object")
	}
	return keys, values, nil
}

// encodeFile writes a locale file as JSON.stringify(m, null, 2) + "\n".
func encodeFile(keys []string, values map[string]json.RawMessage) []byte {
	if len(keys) == 0 {
		return []byte("{}\n")
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		b.WriteString("  ")
		b.WriteString(encodeString(k))
		b.WriteString(": ")
		b.Write(values[k])
		if i < len(keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// encodeMessage is a text, or plural forms in CLDR's order, at the
// locale file's second level.
func encodeMessage(v any) json.RawMessage {
	forms, ok := v.(map[string]any)
	if !ok {
		return json.RawMessage(encodeString(v.(string)))
	}
	var lines []string
	for _, f := range pluralOrder {
		if s, ok := forms[f].(string); ok {
			lines = append(lines, "    "+encodeString(f)+": "+encodeString(s))
		}
	}
	return json.RawMessage("{\n" + strings.Join(lines, ",\n") + "\n  }")
}

// encodeString is JSON.stringify's string: only ", \ and control
// characters escaped (Go's encoder would also escape <, >, &, U+2028 and
// U+2029).
func encodeString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeAll writes every file to a temporary file next to it, then renames
// them all; if a rename fails, the files already renamed get their old
// bytes back.
func writeAll(dir string, outputs map[string][]byte, modes map[string]os.FileMode) error {
	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for _, lang := range vocab.LanguageCodes() {
		f, err := os.CreateTemp(dir, "."+lang+".json.merge-*")
		if err != nil {
			return err
		}
		temps[lang] = f.Name()
		_, err = f.Write(outputs[lang])
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(f.Name(), modes[lang])
		}
		if err != nil {
			return err
		}
	}
	olds := map[string][]byte{}
	for _, lang := range vocab.LanguageCodes() {
		path := filepath.Join(dir, lang+".json")
		old, err := os.ReadFile(path)
		if err == nil {
			err = rename(temps[lang], path)
		}
		if err != nil {
			for back, data := range olds {
				os.WriteFile(filepath.Join(dir, back+".json"), data, modes[back])
			}
			return fmt.Errorf("%s.json not written (the others are as they were): %w", lang, err)
		}
		delete(temps, lang)
		olds[lang] = old
	}
	return nil
}

var rename = os.Rename // a test makes one fail

// lockLocales takes the lock: the file locales.lock in the temporary
// directory, created only if absent (the same file as the development
// machine's older script, locale-add.mjs, so the two never interleave).
func lockLocales() (func(), error) {
	path := filepath.Join(os.TempDir(), "locales.lock")
	deadline := time.Now().Add(LockWait)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) || time.Now().After(deadline) {
			return nil, fmt.Errorf("another merge holds %s (if none is running: rm %s): %w", path, path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
