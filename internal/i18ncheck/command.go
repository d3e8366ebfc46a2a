package i18ncheck

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is `hug i18n check [--locales locales]`, and `hug i18n merge`
// (newMergeCommand). check says the problems of the
// locale files as they are on disk (what a translator just edited, not the
// copy built into the binary), exit status 1 if any; then the content's
// coverage per language from the hub's database.
func NewCommand(app core.App) *cobra.Command {
	i18n := &cobra.Command{Use: "i18n", Short: "Translation checks and merges"}
	var dir string
	check := &cobra.Command{
		Use:          "check",
		Short:        "Missing and extra keys, placeholders and plural forms of locales/, and untranslated or outdated content per language",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			problems, err := Keys(os.DirFS(dir))
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(out, p)
			}
			if app.IsBootstrapped() || app.Bootstrap() == nil {
				if coverage, err := Content(app); err != nil {
					fmt.Fprintln(out, "content: not counted:", err)
				} else {
					fmt.Fprintln(out, "content: language, texts, untranslated, outdated")
					for _, c := range coverage {
						fmt.Fprintf(out, "  %s\t%d\t%d\t%d\n", c.Lang, c.Texts, c.Untranslated, c.Outdated)
					}
				}
			}
			if len(problems) > 0 {
				return fmt.Errorf("%d problems in locales/", len(problems))
			}
			fmt.Fprintln(out, "locales/: every language has every key, the same placeholders and its plural forms")
			return nil
		},
	}
	// Not --dir: that is PocketBase's own flag for pb_data.
	check.Flags().StringVar(&dir, "locales", "locales", "the locale files' directory")
	i18n.AddCommand(check)
	i18n.AddCommand(newMergeCommand())
	return i18n
}

// newMergeCommand is `hug i18n merge FILE [--locales locales]`: Merge, the
// translators' way to add or change UI strings (docs/TRANSLATING.md).
func newMergeCommand() *cobra.Command {
	var dir string
	merge := &cobra.Command{
		Use:          "merge FILE",
		Short:        `Add or replace messages in every locale file: FILE is {"id": {"it": "…", "en": "…", …every language}}`,
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			keys, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			done, err := Merge(dir, keys)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s/: %d added %v, %d replaced %v\n", dir, len(done.Added), done.Added, len(done.Replaced), done.Replaced)
			return nil
		},
	}
	merge.Flags().StringVar(&dir, "locales", "locales", "the locale files' directory")
	return merge
}
