package hub_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryPackageIsInTheArchitectureTable: docs/ARCHITECTURE.md's table
// of parts has a row for every Go package under internal/ and cmd/, and no
// row for a package that is gone.
func TestEveryPackageIsInTheArchitectureTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `((?:internal|cmd)/[^`]+)` \\| .+ \\|$").FindAllSubmatch(doc, -1) {
		rows[string(m[1])] = true
	}
	packages := map[string]bool{}
	for _, root := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join("..", "..", root), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(d.Name(), ".go") {
				return nil
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), filepath.Dir(path))
			packages[filepath.ToSlash(rel)] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(packages) < 10 {
		t.Fatalf("found only %d packages: is the test running in internal/hub?", len(packages))
	}
	for p := range packages {
		if !rows[p] {
			t.Errorf("package %s has no row in the parts table of docs/ARCHITECTURE.md", p)
		}
	}
	for p := range rows {
		if !packages[p] {
			t.Errorf("docs/ARCHITECTURE.md lists %s, which is not a package of the tree", p)
		}
	}
}
