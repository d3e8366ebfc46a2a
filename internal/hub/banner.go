package hub

import (
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/mail"
	"github.com/cremona/hug/internal/seed"
)

// bindStartBanner prints, at every start, what a newcomer after `make run`
// needs: where the hub is and how to move it, which modes are on and what
// they do, the demo logins, and where e-mail goes. Bound after the mail
// package, whose serve hook sets the application URL the notice names.
func bindStartBanner(app core.App, cfg *config.Config, console io.Writer) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubStartBanner",
		Func: func(e *core.ServeEvent) error {
			notice, canSend := mail.StartupNotice(e.App, cfg.Demo)
			if !canSend {
				e.App.Logger().Warn(notice)
			}
			writeStartBanner(console, cfg, mail.ServedURL(e.Server), notice)
			return e.Next()
		},
	})
}

// writeStartBanner is the start message; PocketBase's own "Server started"
// lines follow it.
func writeStartBanner(w io.Writer, cfg *config.Config, url, mailNotice string) {
	fmt.Fprintf(w, "\nHug is running:  %s\nAdmin UI:        %s/_/\n", url, url)
	fmt.Fprintln(w, "Another address or port: make run ADDR=127.0.0.1:8091 (or ./hug serve --http=127.0.0.1:8091).")
	if cfg.Demo {
		fmt.Fprintln(w, "Demo mode (--demo): Cremona's demo data and the demo accounts below were added on first start; never use it on a public server.")
	}
	if cfg.Dev {
		fmt.Fprintln(w, "Development mode (--hugDev): schema changes made in the admin UI are written to pb_migrations/ and pb_hooks/ reload on change. Without it: ./hug serve.")
	}
	if cfg.Demo {
		fmt.Fprintln(w)
		seed.PrintLogins(w)
	}
	fmt.Fprintf(w, "\n%s\n\n", mailNotice)
}
