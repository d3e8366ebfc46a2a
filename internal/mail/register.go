// Package mail makes the hub's e-mail work from the first `make run`: in
// demo mode it catches every message the hub would send (one-time codes,
// verification and password-reset links), prints it on the console and
// keeps the last ones for a superuser-only page, so a newcomer can sign in
// with a code without an SMTP server. Without demo mode and without SMTP it
// says at start-up that codes cannot be sent. Either way the links in the
// messages point at the address the hub serves on, unless the operator set
// an application URL.
package mail

import (
	"io"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Options say how the hub runs.
type Options struct {
	// Demo catches every e-mail instead of sending it (also sent when SMTP is
	// configured).
	Demo bool
	// Console is where caught mail and the start-up notice are printed.
	Console io.Writer
}

// MustRegister binds the application URL and, in demo mode, the catcher and
// its superuser-only pages. The start banner (internal/hub) prints
// StartupNotice after this package's serve hook has set the URL.
func MustRegister(app core.App, opts Options) {
	var caught *Catcher
	if opts.Demo {
		caught = NewCatcher(opts.Console)
		app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
			Id:   "hubMailCatcher",
			Func: caught.handle,
		})
	}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubMail",
		Func: func(e *core.ServeEvent) error {
			url := followServedAddress(e.App, e.Server)
			if caught != nil {
				caught.setPageURL(url + PagePath)
				e.Router.GET(ListPath, caught.handleList).Bind(apis.RequireSuperuserAuth())
				e.Router.GET(PagePath, handlePage)
				e.Router.GET(PagePath+".js", handlePageScript)
			}
			return e.Next()
		},
	})
	// The admin UI's Settings save reloads the settings from the database:
	// derive the URL again if it is still PocketBase's placeholder.
	app.OnSettingsReload().Bind(&hook.Handler[*core.SettingsReloadEvent]{
		Id: "hubMailAppURL",
		Func: func(e *core.SettingsReloadEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			applyServedURL(e.App)
			return nil
		},
	})
}
