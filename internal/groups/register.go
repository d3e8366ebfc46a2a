// Package groups decides group memberships: joining an open group is
// immediate, joining a group "by approval" waits for staff.
package groups

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// MustRegister binds the membership policy.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("memberships").BindFunc(func(e *core.RecordRequestEvent) error {
		if vocab.IsStaff(e.Auth) {
			if e.Record.GetString("status") == "" {
				e.Record.Set("status", "active")
			}
			return e.Next()
		}
		group, err := e.App.FindRecordById("groups", e.Record.GetString("group"))
		if err != nil {
			return e.NotFoundError("", err)
		}
		status := "pending"
		if group.GetString("join_policy") == "open" {
			status = "active"
		}
		e.Record.Set("status", status)
		return e.Next()
	})
}
