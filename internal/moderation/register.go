package moderation

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

func statusError() error {
	return validation.NewError("validation_status_change", "This status change is not allowed")
}

// MustRegister binds the moderation workflow and the audit log.
func MustRegister(app core.App) {
	protectAuditLog(app)
	app.OnRecordCreateRequest("activities").BindFunc(onActivityCreate)
	app.OnRecordUpdateRequest("activities").BindFunc(onActivityUpdate)
	app.OnRecordUpdateRequest("organizations").BindFunc(auditFieldChange("verified", "verify_organization"))
	app.OnRecordUpdateRequest("users").BindFunc(auditFieldChange("role", "change_role"))
	app.OnRecordUpdateRequest("memberships").BindFunc(auditFieldChange("status", "decide_membership"))
}

// auditFieldChange records a staff change of one decisive field.
func auditFieldChange(field, action string) func(e *core.RecordRequestEvent) error {
	return func(e *core.RecordRequestEvent) error {
		from := e.Record.Original().GetString(field)
		to := e.Record.GetString(field)
		if from == to || !isStaff(e) {
			return e.Next()
		}
		return saveAudited(e, Decision{Action: action, From: from, To: to})
	}
}
