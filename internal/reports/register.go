// Package reports lets anyone signed in report an approved activity as
// inappropriate, hides it once three different accounts have open reports
// on it, and lets staff dismiss the reports (the activity shows again) or
// act on them (cancel or reject it, with a reason). docs/ARCHITECTURE.md,
// "Reports".
//
// One function per rule, on every path: File (the records API's create
// hook and the report_activity mutation) and Decide (the dismiss_reports
// and act_on_reports mutations). activities.hidden is the server's: a
// request that changes it is refused (guardHidden).
package reports

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/changelog"
)

// Collection is the reports' collection.
const Collection = "reports"

// HideAfter is how many different accounts' open reports hide an activity.
const HideAfter = 3

// The states of a report.
const (
	Open      = "open"
	Dismissed = "dismissed"
	Acted     = "acted"
)

// MustRegister binds File to creates through the records API, the guard of
// activities.hidden, and the reports' sync (the reporter's own; staff read
// every row).
func MustRegister(app core.App) {
	app.OnRecordCreateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubReportFile",
		Func: func(e *core.RecordRequestEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				e.App = txApp // the save joins the transaction
				return File(txApp, e.Auth, e.Record, e.Next)
			})
		},
	})
	app.OnRecordCreateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubActivityHiddenGuardCreate", Func: guardHidden})
	app.OnRecordUpdateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubActivityHiddenGuardUpdate", Func: guardHidden})
	changelog.Track(app, Collection, func(_ core.App, r *core.Record) ([]string, error) {
		return []string{changelog.User(r.GetString("reporter"))}, nil
	}, nil)
}

// guardHidden refuses a request, superusers' included, that hides or shows
// an activity: only File and Decide do
// (TestOnlyTheServerHidesAnActivity).
func guardHidden(e *core.RecordRequestEvent) error {
	was := false
	if !e.Record.IsNew() {
		was = e.Record.Original().GetBool("hidden")
	}
	if e.Record.GetBool("hidden") != was {
		return e.ForbiddenError(CodeHiddenByServer, fieldError("hidden", CodeHiddenByServer,
			"Only the hub hides an activity, after reports."))
	}
	return e.Next()
}
