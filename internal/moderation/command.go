package moderation

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewAuditCommand is `hug audit`, with `hug audit verify`: checks the audit
// log's hash chain and says OK, or each place where it breaks and how
// (changed, deleted, inserted). It exits with an error when the chain is
// broken, so a cron job or a monitor can call it.
func NewAuditCommand(app core.App) *cobra.Command {
	audit := &cobra.Command{
		Use:   "audit",
		Short: "The audit log of staff decisions",
	}
	var expectHead string
	verify := &cobra.Command{
		Use:          "verify",
		Short:        "Checks that no audit entry was changed, deleted or inserted below the API",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			report, err := VerifyChain(app, expectHead)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), report)
			if !report.OK() {
				return errors.New("the audit log's hash chain is broken")
			}
			return nil
		},
	}
	verify.Flags().StringVar(&expectHead, "head", "",
		"a head printed by an earlier run (seq:hash): also fail if the log no longer contains it (a cut or rewritten log)")
	audit.AddCommand(verify)
	return audit
}
