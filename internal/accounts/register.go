// Package accounts holds the hub's rules about people's accounts: everyone
// who signs up without saying otherwise is a family.
package accounts

import "github.com/pocketbase/pocketbase/core"

// MustRegister binds the account defaults.
func MustRegister(app core.App) {
	app.OnRecordCreate("users").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("role") == "" {
			e.Record.Set("role", "family")
		}
		return e.Next()
	})
}
