// Package appointments handles a family's request for a listening or
// consultation space: it starts as "new" and only staff move it on.
package appointments

import "github.com/pocketbase/pocketbase/core"

// MustRegister binds the appointment request defaults.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("appointment_requests").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", "new")
		}
		return e.Next()
	})
}
