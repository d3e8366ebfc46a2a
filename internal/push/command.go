package push

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is `hug push`: keys (print the public key, making the pair on
// first use) and rotate (new keys, only with --confirm).
func NewCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "push", Short: "Web Push: the hub's VAPID keys"}
	cmd.AddCommand(&cobra.Command{
		Use:   "keys",
		Short: "Print the VAPID public key (the pair is made on first start, in pb_data)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			keys, err := LoadKeys(app.DataDir())
			if err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), keys.Public)
			return nil
		},
	})
	var confirm bool
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Replace the VAPID keys: every phone's subscription stops working until the app subscribes again",
		Args:  cobra.NoArgs,
		// A refusal is the answer, not a usage mistake.
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			out := c.ErrOrStderr()
			fmt.Fprintln(out, "WARNING: new VAPID keys invalidate EVERY push subscription. Push services will refuse")
			fmt.Fprintln(out, "the hub's messages to them until each phone opens the app again and subscribes anew;")
			fmt.Fprintln(out, "phones that don't open it get nothing. Rotate only if the private key leaked.")
			if !confirm {
				return errors.New("not rotated: run `hug push rotate --confirm` to really do it")
			}
			keys, err := RotateKeys(app.DataDir())
			if err != nil {
				return err
			}
			fmt.Fprintln(out, "Rotated. Restart the hub. The new public key:")
			fmt.Fprintln(c.OutOrStdout(), keys.Public)
			return nil
		},
	}
	rotate.Flags().BoolVar(&confirm, "confirm", false, "really replace the keys, knowing every subscription must be renewed")
	cmd.AddCommand(rotate)
	return cmd
}
