// Package refusals tells a person why the hub refused a write, in words they
// can act on, without telling anyone more than they may already see.
//
// PocketBase answers a create its API rule refuses with a 400 and no field
// marked, and an update or delete it refuses with a 404, the same as for a
// record that does not exist (apis/record_crud.go). That keeps hidden
// records hidden, but a family who may see an activity reads "check the
// marked fields" with nothing marked, or "Not found" for the activity on its
// screen. This package looks at such a refusal after the fact:
//
//   - a refused create becomes a 403 with the reason (registration not
//     needed, role not allowed, not a member of that organization, ...);
//   - a refused update or delete of a record the person may view becomes a
//     403 with the reason (a decided proposal, a request already taken up,
//     not theirs to change);
//   - a record they may not view stays a plain 404.
//
// The codes are message ids of locales/; internal/i18n localizes them.
package refusals

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the explanation of refused writes to the router.
func MustRegister(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:   "hubExplainRefusals",
			Func: explain,
			// Inside internal/i18n's hubLocalizeErrors (priority -1005),
			// so the codes set here are localized on the way out.
			Priority: apis.DefaultRateLimitMiddlewarePriority - 4,
		})
		return se.Next()
	})
}
