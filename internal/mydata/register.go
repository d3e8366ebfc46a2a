// Package mydata lets a person take away, and take back, what the hub holds
// about them: GET /api/hub/me/export downloads it all as JSON, and
// DELETE /api/hub/me deletes the account. Both act on the signed-in person
// only; there is no id in the URL to change.
//
// What deleting an account removes, and what it leaves (the PWA's
// confirmation says the same, from locales/):
//   - the profile, registrations, group memberships and appointment requests
//     (the schema's cascades), and proposals that were never published;
//   - activities already published stay on the calendar (families may have
//     registered), without the link to the person; organizations stay,
//     without them among their members;
//   - staff decisions in the audit log stay, as the centre's record, with no
//     name or e-mail of the person (internal/moderation); the ids they hold
//     point to records that no longer exist;
//   - request log lines that mention the account are deleted with it.
package mydata

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the export and delete endpoints and the clean-up that
// runs whichever way an account is deleted (this endpoint, the records API,
// the admin UI).
func MustRegister(app core.App) {
	logs := newLogForgetter()
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id:   "hubStopForgettingInLogs",
		Func: logs.onTerminate,
	})
	app.OnRecordDelete("users").Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "hubDeleteUnpublishedProposals",
		Func: deleteUnpublishedProposals,
	})
	app.OnRecordAfterDeleteSuccess("users").Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "hubForgetAccountInLogs",
		Func: logs.forgetInLogs,
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/me/export", handleExport).Bind(apis.RequireAuth("users"))
		se.Router.DELETE("/api/hub/me", handleDelete).Bind(apis.RequireAuth("users"))
		return se.Next()
	})
}
