package i18ncheck_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18ncheck"
	"github.com/cremona/hug/internal/vocab"
)

// localesCopy copies the repository's locales/ to a temporary directory
// (the tests never touch the real files) and gives merges their own lock.
func localesCopy(t *testing.T) (dir string, before map[string][]byte) {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the lock file, locales.lock, is the test's own
	dir = filepath.Join(tmp, "locales")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	before = map[string][]byte{}
	for _, lang := range vocab.LanguageCodes() {
		raw, err := os.ReadFile(filepath.Join(hubtest.Root(), "locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, lang+".json"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		before[lang] = raw
	}
	return dir, before
}

func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(e.Name(), ".json")] = raw
	}
	return out
}

func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := files(t, dir)
	if len(got) != len(want) {
		t.Errorf("%d files in locales/, want %d (a temporary file left?)", len(got), len(want))
	}
	for lang, raw := range want {
		if !bytes.Equal(got[lang], raw) {
			t.Errorf("%s.json changed", lang)
		}
	}
}

// keyOrder: the keys of a locale file in their order.
func keyOrder(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token()
	var keys []string
	for dec.More() {
		k, _ := dec.Token()
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
	}
	return keys
}

// valid is a message in every language; plural, one with plural forms.
func valid(text string) map[string]any {
	m := map[string]any{}
	for _, lang := range vocab.LanguageCodes() {
		m[lang] = text + " " + lang + " {{.Name}} <b> & è ہ"
	}
	return m
}

func plural() map[string]any {
	m := map[string]any{}
	for _, lang := range vocab.LanguageCodes() {
		forms := map[string]string{}
		for _, f := range i18ncheck.RequiredForms(lang) {
			forms[f] = f + " {{.Count}} " + lang
		}
		m[lang] = forms
	}
	return m
}

func keysFile(t *testing.T, messages ...any) []byte {
	t.Helper()
	// An object in the given order: id, message, id, message…
	var b bytes.Buffer
	b.WriteString("{")
	for i := 0; i < len(messages); i += 2 {
		if i > 0 {
			b.WriteString(",")
		}
		id, _ := json.Marshal(messages[i])
		msg, _ := json.Marshal(messages[i+1])
		b.Write(id)
		b.WriteString(":")
		b.Write(msg)
	}
	b.WriteString("}")
	return b.Bytes()
}

func TestAnEmptyMergeLeavesTheFilesByteIdentical(t *testing.T) {
	dir, before := localesCopy(t)
	done, err := i18ncheck.Merge(dir, []byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Added)+len(done.Replaced) != 0 {
		t.Errorf("merged %+v", done)
	}
	sameFiles(t, dir, before)
}

func TestMergeAddsKeysAtTheEndInEveryLanguage(t *testing.T) {
	dir, before := localesCopy(t)
	cmd := i18ncheck.NewCommand(nil)
	keys := filepath.Join(t.TempDir(), "keys.json")
	os.WriteFile(keys, keysFile(t, "zz_merge_new", valid("nuovo"), "aa_merge_count", plural()), 0o644)
	cmd.SetArgs([]string{"merge", keys, "--locales", dir})
	var out bytes.Buffer
	cmd.SetOut(&out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 added [zz_merge_new aa_merge_count]") {
		t.Errorf("the command said %q", out.String())
	}
	problems, err := i18ncheck.Keys(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error("i18n check:", p)
	}
	after := files(t, dir)
	for _, lang := range vocab.LanguageCodes() {
		old, now := keyOrder(t, before[lang]), keyOrder(t, after[lang])
		// Appended, in the keys file's order, after the old keys kept in theirs.
		if want := append(slices.Clone(old), "zz_merge_new", "aa_merge_count"); !slices.Equal(now, want) {
			t.Errorf("%s.json: keys end %v, want the old ones then [zz_merge_new aa_merge_count]", lang, now[len(now)-3:])
		}
		// JSON.stringify(m, null, 2) + "\n": the old bytes untouched, non-ASCII
		// and <, >, & as they are, the plural forms in CLDR's order.
		text := string(after[lang])
		if !strings.HasPrefix(text, strings.TrimSuffix(string(before[lang]), "\n}\n")+",\n") || !strings.HasSuffix(text, "\n}\n") {
			t.Errorf("%s.json: the old text is not kept as it was, with the new keys after", lang)
		}
		if want := `  "zz_merge_new": "nuovo ` + lang + ` {{.Name}} <b> & è ہ",` + "\n"; !strings.Contains(text, want) {
			t.Errorf("%s.json lacks the line %q", lang, want)
		}
		var forms []string
		for _, f := range i18ncheck.RequiredForms(lang) {
			forms = append(forms, `    "`+f+`": "`+f+` {{.Count}} `+lang+`"`)
		}
		slices.SortFunc(forms, func(a, b string) int {
			order := "zero one two few many other"
			return strings.Index(order, strings.Split(a, `"`)[1]) - strings.Index(order, strings.Split(b, `"`)[1])
		})
		if want := "  \"aa_merge_count\": {\n" + strings.Join(forms, ",\n") + "\n  }\n}\n"; !strings.HasSuffix(text, want) {
			t.Errorf("%s.json ends %q, want %q", lang, text[len(text)-len(want):], want)
		}
	}
}

func TestReplacingAKeyKeepsItsPlace(t *testing.T) {
	dir, before := localesCopy(t)
	order := keyOrder(t, before["it"])
	id := order[len(order)/2]
	done, err := i18ncheck.Merge(dir, keysFile(t, id, valid("sostituito")))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(done.Replaced, []string{id}) || len(done.Added) != 0 {
		t.Errorf("merged %+v, want %s replaced", done, id)
	}
	for lang, raw := range files(t, dir) {
		if got := keyOrder(t, raw); !slices.Equal(got, keyOrder(t, before[lang])) {
			t.Errorf("%s.json: the keys moved", lang)
		}
		m := map[string]any{}
		json.Unmarshal(raw, &m)
		if want := valid("sostituito")[lang]; m[id] != want {
			t.Errorf("%s.json %s = %q, want %q", lang, id, m[id], want)
		}
		// Only that line changed.
		oldLines, newLines := strings.Split(string(before[lang]), "\n"), strings.Split(string(raw), "\n")
		changed := 0
		for i := range min(len(oldLines), len(newLines)) {
			if oldLines[i] != newLines[i] {
				changed++
			}
		}
		if changed != 1 || len(oldLines) != len(newLines) {
			t.Errorf("%s.json: %d lines changed (%d then %d lines), want 1", lang, changed, len(oldLines), len(newLines))
		}
	}
}

// TestMergeRefusesAndWritesNothing: each bad keys file comes after a good
// message, which must not be written either.
func TestMergeRefusesAndWritesNothing(t *testing.T) {
	dir, before := localesCopy(t)
	with := func(change func(m map[string]any)) map[string]any {
		m := valid("x")
		change(m)
		return m
	}
	withPlural := func(change func(m map[string]any)) map[string]any {
		m := plural()
		change(m)
		return m
	}
	for name, c := range map[string]struct {
		message any
		id      string
		says    string
	}{
		"missing language":   {with(func(m map[string]any) { delete(m, "pa") }), "bad_one", "bad_one: pa missing"},
		"unknown language":   {with(func(m map[string]any) { m["de"] = "Hallo {{.Name}}" }), "bad_one", "de is not a language of the hub"},
		"empty text":         {with(func(m map[string]any) { m["zh"] = " " }), "bad_one", "bad_one: zh empty"},
		"bad id":             {valid("x"), "Bad-One", `"Bad-One": an id is lowercase`},
		"placeholders":       {with(func(m map[string]any) { m["ar"] = "مرحبا {{.Nome}}" }), "bad_one", "ar placeholders [Nome], it has [Name]"},
		"extra plural form":  {withPlural(func(m map[string]any) { m["zh"].(map[string]string)["one"] = "一 {{.Count}}" }), "bad_one", "zh plural forms [one other], zh needs [other]"},
		"missing plural":     {withPlural(func(m map[string]any) { delete(m["ar"].(map[string]string), "few") }), "bad_one", "ar plural forms [many one other two zero], ar needs"},
		"text for plural":    {withPlural(func(m map[string]any) { m["uk"] = "{{.Count}}" }), "bad_one", "uk is a text"},
		"empty plural form":  {withPlural(func(m map[string]any) { m["en"].(map[string]string)["one"] = "" }), "bad_one", "en form one empty"},
		"neither text nor …": {with(func(m map[string]any) { m["fr"] = 3 }), "bad_one", "fr is neither"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := i18ncheck.Merge(dir, keysFile(t, "good_first", valid("buono"), c.id, c.message))
			if err == nil || !strings.Contains(err.Error(), c.says) {
				t.Errorf("error %v, want one saying %q", err, c.says)
			}
			sameFiles(t, dir, before)
		})
	}
	for name, raw := range map[string]string{"not JSON": `{"a":`, "a list": `[]`, "twice": `{"a": {}, "a": {}}`} {
		t.Run(name, func(t *testing.T) {
			if _, err := i18ncheck.Merge(dir, []byte(raw)); err == nil {
				t.Error("merged")
			}
			sameFiles(t, dir, before)
		})
	}
	// The command exits non-zero.
	cmd := i18ncheck.NewCommand(nil)
	keys := filepath.Join(t.TempDir(), "keys.json")
	os.WriteFile(keys, keysFile(t, "good_first", valid("buono"), "bad_one", with(func(m map[string]any) { delete(m, "fr") })), 0o644)
	cmd.SetArgs([]string{"merge", keys, "--locales", dir})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	if err := cmd.Execute(); err == nil {
		t.Error("hug i18n merge succeeded on a message without fr")
	}
	sameFiles(t, dir, before)
}

// TestABrokenLocaleFileStopsTheMergeBeforeAnyWrite: zh.json comes eighth;
// the seven before it are not written either.
func TestABrokenLocaleFileStopsTheMergeBeforeAnyWrite(t *testing.T) {
	dir, before := localesCopy(t)
	before["zh"] = []byte(`{"broken": `)
	os.WriteFile(filepath.Join(dir, "zh.json"), before["zh"], 0o644)
	if _, err := i18ncheck.Merge(dir, keysFile(t, "good_first", valid("buono"))); err == nil || !strings.Contains(err.Error(), "zh.json") {
		t.Errorf("error %v, want one naming zh.json", err)
	}
	sameFiles(t, dir, before)
}

// TestMergesWaitForEachOther: a merge waits while another holds the lock,
// then merges into the files as that one left them.
func TestMergesWaitForEachOther(t *testing.T) {
	dir, before := localesCopy(t)
	lock := filepath.Join(os.TempDir(), "locales.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	keys := keysFile(t, "waited", valid("atteso"))
	go func() {
		_, err := i18ncheck.Merge(dir, keys)
		errs <- err
	}()
	time.Sleep(300 * time.Millisecond)
	sameFiles(t, dir, before)
	os.Remove(lock)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files(t, dir)["uk"]), `"waited"`) {
		t.Error("the waiting merge wrote nothing")
	}
}
