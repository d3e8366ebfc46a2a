package hub_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRacePackagesAreListed: every package whose own code starts
// goroutines, crons or waits on a group, and has tests, is run under the
// race detector by `make test` (the Makefile's RACE_PKGS); the others run
// without it to keep CI within its time.
func TestRacePackagesAreListed(t *testing.T) {
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)\nRACE_PKGS := (.*?)\n[A-Z_]+ :=`).FindSubmatch(makefile)
	if block == nil {
		t.Fatal("no RACE_PKGS in the Makefile")
	}
	listed := strings.Fields(strings.ReplaceAll(string(block[1]), "\\", " "))
	covered := func(dir string) bool {
		for _, p := range listed {
			p = strings.TrimPrefix(p, "./")
			if p == dir || (strings.HasSuffix(p, "/...") && (dir == strings.TrimSuffix(p, "/...") || strings.HasPrefix(dir, strings.TrimSuffix(p, "...")))) {
				return true
			}
		}
		return false
	}
	concurrent := regexp.MustCompile(`go func|FireAndForget|sync\.WaitGroup|Cron\(\)`)
	for _, root := range []string{"internal", "cmd"} {
		dirs, _ := filepath.Glob(filepath.Join("..", "..", root, "*"))
		more, _ := filepath.Glob(filepath.Join("..", "..", root, "*", "*"))
		for _, dir := range append(dirs, more...) {
			code, _ := filepath.Glob(filepath.Join(dir, "*.go"))
			tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
			if len(tests) == 0 {
				continue // nothing to run under the detector
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), dir)
			rel = filepath.ToSlash(rel)
			for _, file := range code {
				if strings.HasSuffix(file, "_test.go") {
					continue
				}
				src, _ := os.ReadFile(file)
				if concurrent.Match(src) && !covered(rel) {
					t.Errorf("%s starts concurrent work (%s) but is not in the Makefile's RACE_PKGS", rel, filepath.Base(file))
					break
				}
			}
		}
	}
}
