package reading

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/vocab"
)

// MustRegister keeps phones consistent with their reader's chain: the sync
// feed sends a person only the texts of their chain, so when the set of
// languages in it changes (a language added or dropped; a new order alone
// changes nothing the feed sends) the person gets a reset row in the same
// transaction and their phones' next pull is a snapshot with the new
// languages (TestChangingTheChainBringsTheNewLanguage).
func MustRegister(app core.App) {
	app.OnRecordUpdateExecute("users").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubReadingChainReset",
		Func: func(e *core.RecordEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error {
				outer := e.App
				e.App = txApp
				defer func() { e.App = outer }()
				before, err := txApp.FindRecordById("users", e.Record.Id)
				if err != nil {
					return err
				}
				if err := e.Next(); err != nil {
					return err
				}
				if vocab.IsStaff(e.Record) || vocab.HasRole(e.Record, vocab.RoleMediator) {
					return nil // they get every language
				}
				if sameSet(Known(before.GetStringSlice("languages")), Known(e.Record.GetStringSlice("languages"))) {
					return nil
				}
				return changelog.Touch(txApp, "", "", []string{changelog.Reset(e.Record.Id)})
			})
		},
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
