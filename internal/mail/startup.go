package mail

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// StartupNotice says, for the console at start, where the hub's e-mail goes
// and where its links point. Without demo mode and without SMTP it says
// plainly that one-time codes cannot be sent: PocketBase would only log a
// sendmail failure in its admin logs. canSend is false then, and the caller
// also logs the notice as a warning (admin UI, Logs).
func StartupNotice(app core.App, demo bool) (notice string, canSend bool) {
	smtp := app.Settings().SMTP
	appURL := app.Settings().Meta.AppURL
	switch {
	case demo && smtp.Enabled:
		return fmt.Sprintf("E-mail: demo mode; sent by SMTP (%s) and also shown on this console and at %s%s (superuser). Links point to %s.",
			smtp.Host, appURL, PagePath, appURL), true
	case demo:
		return fmt.Sprintf("E-mail: demo mode, nothing is sent. Sign-in codes, verification and password-reset e-mails appear on this console and at %s%s (superuser). Links point to %s.",
			appURL, PagePath, appURL), true
	case smtp.Enabled:
		return fmt.Sprintf("E-mail: sent by SMTP (%s). Links point to %s (admin UI, Settings, Application URL).", smtp.Host, appURL), true
	default:
		return "WARNING: no SMTP server is configured, so the hub CANNOT SEND E-MAIL: nobody can sign in with a one-time code, verify an address or reset a password. " +
			"Set SMTP in the admin UI (/_/, Settings, Mail settings), or start with --demo to catch e-mail on the console (never on a public server).", false
	}
}
