package config_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cremona/hug/internal/config"
)

// TestEveryFlagIsInTheReadme: README.md's configuration table has a row
// for every flag config.Bind defines, naming its environment variable (the
// one its usage names) and, for numbers and switches, its default.
func TestEveryFlagIsInTheReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{} // flag -> cells
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| `--") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows[strings.Trim(cells[0], "`")] = cells
	}
	envOf := regexp.MustCompile(`\(env (HUG_[A-Z_]+)\)`)
	root := &cobra.Command{Use: "hug"}
	config.Bind(root)
	n := 0
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
		n++
		cells, ok := rows["--"+f.Name]
		if !ok {
			t.Errorf("flag --%s is not in README.md's configuration table", f.Name)
			return
		}
		if len(cells) < 4 {
			t.Errorf("README.md's row of --%s is not | flag | env | default | what |", f.Name)
			return
		}
		want := ""
		if m := envOf.FindStringSubmatch(f.Usage); m != nil {
			want = "`" + m[1] + "`"
		}
		if cells[1] != want {
			t.Errorf("README.md gives --%s the env %q, the code reads %q", f.Name, cells[1], want)
		}
		if want != "" && os.Getenv(strings.Trim(want, "`")) != "" {
			return // the default seen here is the environment's
		}
		switch f.Value.Type() {
		case "int", "bool":
			if cells[2] != f.DefValue {
				t.Errorf("README.md gives --%s the default %q, the code %q", f.Name, cells[2], f.DefValue)
			}
		}
	})
	if n == 0 {
		t.Fatal("config.Bind defined no flag")
	}
}
