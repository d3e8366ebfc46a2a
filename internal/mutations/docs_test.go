package mutations_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/mutations"
)

// TestEveryMutationIsDocumented: docs/SYNC.md's table of mutations has a
// row for every registered mutation (its arguments and who may call it),
// and no row for a mutation that does not exist.
func TestEveryMutationIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/SYNC.md")
	if err != nil {
		t.Fatal(err)
	}
	// The table: the header line and the lines starting with "|" after it.
	const header = "| name | args | who may call it | records API equivalent | shared Go function |"
	lines := strings.Split(string(doc), "\n")
	start := slices.Index(lines, header)
	if start < 0 {
		t.Fatalf("docs/SYNC.md has no table headed %q", header)
	}
	cell := regexp.MustCompile("^\\| `([a-z_]+)` \\| (.+?) \\| (.+?) \\| ")
	rows := map[string]bool{}
	for _, line := range lines[start+2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		m := cell.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("a row of the mutations table is not | `name` | args | who | ...: %q", line)
			continue
		}
		rows[m[1]] = true
	}
	registered := map[string]bool{}
	for _, name := range mutations.Names() {
		registered[name] = true
		if !rows[name] {
			t.Errorf("mutation %q is registered but has no row in docs/SYNC.md (name | args | who may call it | ...)", name)
		}
	}
	for name := range rows {
		if !registered[name] {
			t.Errorf("docs/SYNC.md documents %q, which is not a registered mutation", name)
		}
	}
}
