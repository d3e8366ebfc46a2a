package moderation

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// MustRegister binds the moderation workflow and the audit log.
//
// The translation audit relies on internal/multitext's mediator check
// (bound before it by hub.registerFeatures): only a change that passed it is
// saved and audited. Either order would keep the two together, since the
// audit wraps the save in its transaction.
func MustRegister(app core.App) {
	protectAuditLog(app)
	bindChain(app)
	app.OnRecordCreateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugModerationOnCreate", Func: onActivityCreate})
	app.OnRecordUpdateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugModerationOnUpdate", Func: onActivityUpdate})
	app.OnRecordUpdateRequest("organizations").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditVerify", Func: auditFieldChange("verified", "verify_organization")})
	app.OnRecordUpdateRequest("users").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditRole", Func: auditFieldChange("role", "change_role")})
	app.OnRecordUpdateRequest("memberships").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditMembership", Func: auditFieldChange("status", "decide_membership")})
	// Revisions sync to the activity's owners (staff read every row).
	changelog.Track(app, RevisionCollection, revisionAudiences, nil)
	for collection := range multitext.Fields {
		app.OnRecordUpdateRequest(collection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditTranslation_" + collection, Func: auditTranslation})
	}
}

// auditFieldChange records a staff change of one decisive field.
func auditFieldChange(field, action string) func(e *core.RecordRequestEvent) error {
	return func(e *core.RecordRequestEvent) error {
		from := e.Record.Original().GetString(field)
		to := e.Record.GetString(field)
		if from == to || !vocab.IsStaff(e.Auth) {
			return e.Next()
		}
		return saveAudited(e, Decision{Action: action, From: from, To: to})
	}
}

// auditTranslation records a mediator's change of translations: which
// fields, which languages (TestMediatorTranslationsAreAudited).
func auditTranslation(e *core.RecordRequestEvent) error {
	if !vocab.HasRole(e.Auth, vocab.RoleMediator) {
		return e.Next()
	}
	changes, err := multitext.Changes(e.Record)
	if err != nil || len(changes) == 0 {
		return e.Next() // nothing translated; a malformed value fails validation
	}
	return saveAudited(e, Decision{Action: "translate", Detail: changes.String()})
}
