package hubtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// GenericMessage is the Italian message of an error code that has none of its
// own (what a request without a language gets): a test that finds it where a
// refusal should explain itself has found a code missing from locales/.
func GenericMessage(t testing.TB) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(Root(), "locales", "it.json"))
	if err != nil {
		t.Fatal(err)
	}
	var messages map[string]any
	if err := json.Unmarshal(raw, &messages); err != nil {
		t.Fatal(err)
	}
	generic, _ := messages["validation_generic"].(string)
	return generic
}
