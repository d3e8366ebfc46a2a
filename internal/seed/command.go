package seed

import (
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is `hug seed`: loads the demo data; safe to run twice.
func NewCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "seed",
		Short: "Adds Hug's demo data and accounts (only what is missing)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			report, err := Run(app, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), report)
			PrintLogins(cmd.OutOrStdout())
			return nil
		},
	}
}

// SeedOnFirstServe seeds an empty hub when the server starts (the start
// banner, in internal/hub, prints the logins).
func SeedOnFirstServe(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		centre, err := app.FindCachedCollectionByNameOrId("centre")
		if err != nil {
			return err
		}
		if n, _ := app.CountRecords(centre); n == 0 {
			report, err := Run(app, time.Now())
			if err != nil {
				return fmt.Errorf("seeding the demo data: %w", err)
			}
			fmt.Fprintln(os.Stdout, "First start: demo data", report)
		}
		return e.Next()
	})
}
