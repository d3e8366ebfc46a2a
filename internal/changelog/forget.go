package changelog

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// bindForgetPerson: when an account is deleted, the change log keeps
// nothing that names it: the rows of its own audiences (user:<id>,
// reset:<id>) and of its profile go, in the deletion's transaction, after
// the cascade (registrations, memberships, requests) has written its rows.
// Nobody else was in those audiences, and the person's phones are signed
// out with the account (internal/mydata's
// TestDeletingAnAccountLeavesNoPersonalData searches every table).
// Gone is the audience of rows whose person was deleted: no reader has it.
const Gone = "gone"

func bindForgetPerson(app core.App) {
	app.OnRecordDelete("users").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubChangelogForgetPerson",
		Func: func(e *core.RecordEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				outer := e.App
				e.App = txApp
				defer func() { e.App = outer }()
				if err := e.Next(); err != nil {
					return err
				}
				params := dbx.Params{"user": User(e.Record.Id), "reset": Reset(e.Record.Id), "id": e.Record.Id, "gone": Gone}
				_, err := txApp.DB().NewQuery("DELETE FROM " + Table +
					" WHERE audience = {:reset} OR (collection = 'users' AND record_id = {:id})").Bind(params).Execute()
				if err != nil {
					return err
				}
				_, err = txApp.DB().NewQuery("UPDATE " + Table + " SET audience = {:gone} WHERE audience = {:user}").Bind(params).Execute()
				return err
			})
		},
	})
}
