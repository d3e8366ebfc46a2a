package notify

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
)

// Watched are the collections whose writes the policies of
// pb_hooks/notify.pb.js notify about.
var Watched = []string{"activities", "registrations", "appointment_requests", "announcements"}

// MustRegister binds the inbox (synced to its person), the preferences'
// validation, the reminders' cron, the staff's delivery counts, and the
// transaction the policies run in.
func MustRegister(app core.App, catalog *i18n.Catalog) {
	app.Store().Set(catalogKey, catalog)
	trackInbox(app)
	bindPrefsValidation(app)
	bindPolicyTransactions(app)
	app.Cron().MustAdd("hubNotifyReminders", ReminderSchedule, func() {
		if _, err := SendReminders(app); err != nil {
			app.Logger().Error("notify: reminders", "error", err)
		}
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: "hubNotifyRoutes", Func: func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/staff/announcements/{id}/delivery", handleDelivery).Bind(apis.RequireAuth())
		return se.Next()
	}})
}

// bindPolicyTransactions makes every create and update of a watched
// collection one transaction, opened before any other handler of the hook
// (the JS policies included), so a policy's `$hub.notify(e.app, …)` after
// `e.next()` writes its inbox rows and queued pushes in the write's own
// transaction: the write and its notifications land together or not at
// all (TestAFailedNotificationUndoesTheWrite).
func bindPolicyTransactions(app core.App) {
	inTransaction := func(e *core.RecordEvent) error {
		return e.App.RunInTransaction(func(txApp core.App) error {
			outer := e.App
			e.App = txApp
			defer func() { e.App = outer }()
			return e.Next()
		})
	}
	// One id per collection: the tagged hooks share one list, where a
	// handler bound under an id already there replaces it.
	for _, c := range Watched {
		id := "hubNotifyTransaction_" + c
		app.OnRecordCreate(c).Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: inTransaction, Priority: -1000})
		app.OnRecordUpdate(c).Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: inTransaction, Priority: -1000})
	}
}

// bindPrefsValidation checks users.notify_prefs on every save that
// changes it (the mutation, the records API, the admin UI).
func bindPrefsValidation(app core.App) {
	check := func(e *core.RecordEvent) error {
		raw := e.Record.GetString("notify_prefs")
		if e.Record.IsNew() || raw != e.Record.Original().GetString("notify_prefs") {
			if err := ValidatePrefs(e.App, []byte(raw)); err != nil {
				return err
			}
		}
		return e.Next()
	}
	app.OnRecordValidate("users").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubNotifyPrefs", Func: check})
}
