package i18ncheck

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cremona/hug/internal/vocab"
)

// TestARenameThatFailsPutsTheOthersBack: the fifth file cannot be renamed
// into place; the four renamed before get their old bytes back, and no
// temporary file stays.
func TestARenameThatFailsPutsTheOthersBack(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := filepath.Join(tmp, "locales")
	os.Mkdir(dir, 0o755)
	before := map[string][]byte{}
	for _, lang := range vocab.LanguageCodes() {
		raw, err := os.ReadFile(filepath.Join("..", "..", "locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, lang+".json"), raw, 0o644)
		before[lang] = raw
	}
	calls := 0
	rename = func(from, to string) error {
		if calls++; calls == 5 {
			return errors.New("disk on fire")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	msg := `{"it": "sì", "en": "yes", "ar": "نعم", "ro": "da", "sq": "po", "pa": "ਹਾਂ", "uk": "так", "zh": "是", "fr": "oui"}`
	if _, err := Merge(dir, []byte(`{"rename_fails": `+msg+`}`)); err == nil {
		t.Fatal("merged")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(before) {
		t.Errorf("%d files in locales/, want %d", len(entries), len(before))
	}
	for lang, raw := range before {
		if now, _ := os.ReadFile(filepath.Join(dir, lang+".json")); !bytes.Equal(now, raw) {
			t.Errorf("%s.json changed", lang)
		}
	}
}
