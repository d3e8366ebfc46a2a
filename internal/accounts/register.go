// Package accounts holds the hub's rules about people's accounts and the
// organizations they belong to: everyone who signs up without saying
// otherwise is a family; an organization's members are managed by its
// manager or staff, and what the public reads about a verified organization
// changes only with staff's verification (organizations.go). Sign-in limits
// live in internal/accounts/signin.
package accounts

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/accounts/signin"
)

// MustRegister binds the account defaults, the organization rules and the
// sign-in limits.
func MustRegister(app core.App) {
	signin.MustRegister(app)
	app.OnRecordCreate("users").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubUserIsAFamily", Func: func(e *core.RecordEvent) error {
		if e.Record.GetString("role") == "" {
			e.Record.Set("role", "family")
		}
		return e.Next()
	}})
	app.OnRecordCreateRequest("organizations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubOrganizationCreate", Func: onOrganizationWrite})
	app.OnRecordUpdateRequest("organizations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubOrganizationUpdate", Func: onOrganizationWrite})
}
