package moderation

import (
	"encoding/json"
	"reflect"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// errAuditImmutable is returned to anyone, superusers included, who tries to
// write, change or delete the audit log other than by taking a decision.
var errAuditImmutable = validation.NewError("audit_log_immutable",
	"The audit log is written only by the hub's decisions: it cannot be added to, changed or deleted")

func immutable() validation.Errors {
	return validation.Errors{AuditCollection: errAuditImmutable}
}

// protectAuditLog keeps the audit log append-only through the app: records
// API (superusers included), batch and admin UI, hooks and Go code. Below
// the app (SQL on the database file) the hash chain shows any change.
//
//   - Records: no create, update or delete through the API (403: entries
//     come from decisions only); no update or delete at all, at the model
//     level.
//   - The collection: no change or deletion through the API or the admin
//     UI, at the request level; and, once the server serves, at the model
//     level too (collections import, hooks, code). The model guard is bound
//     when the server starts serving, after `serve` has run the
//     migrations, so the hub's own migrations may still add fields
//     (TestOnlyMigrationsChangeTheAuditCollection).
func protectAuditLog(app core.App) {
	refuseRecordRequest := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("", immutable())
	}
	app.OnRecordCreateRequest(AuditCollection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditNoCreateRequest", Func: refuseRecordRequest})
	app.OnRecordUpdateRequest(AuditCollection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditNoUpdateRequest", Func: refuseRecordRequest})
	app.OnRecordDeleteRequest(AuditCollection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hugAuditNoDeleteRequest", Func: refuseRecordRequest})
	app.OnRecordUpdate(AuditCollection).Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "hugAuditNoUpdate",
		Func: func(e *core.RecordEvent) error { return immutable() },
	})
	app.OnRecordDelete(AuditCollection).Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "hugAuditNoDelete",
		Func: func(e *core.RecordEvent) error { return immutable() },
	})

	refuseRequest := func(e *core.CollectionRequestEvent) error {
		if e.Collection.Name == AuditCollection {
			return e.ForbiddenError("", immutable())
		}
		return e.Next()
	}
	app.OnCollectionUpdateRequest().Bind(&hook.Handler[*core.CollectionRequestEvent]{Id: "hugAuditNoSchemaRequest", Func: refuseRequest})
	app.OnCollectionDeleteRequest().Bind(&hook.Handler[*core.CollectionRequestEvent]{Id: "hugAuditNoDropRequest", Func: refuseRequest})

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hugAuditFreezeSchema",
		Func: func(e *core.ServeEvent) error {
			freezeAuditCollection(e.App)
			return e.Next()
		},
	})
}

// freezeAuditCollection refuses, at the model level, any change to the
// audit collection or its deletion. Saving it unchanged (a collections
// import that carries it as it is) passes.
func freezeAuditCollection(app core.App) {
	isAudit := func(app core.App, c *core.Collection) (*core.Collection, bool) {
		stored, err := app.FindCollectionByNameOrId(AuditCollection)
		if err != nil || stored.Id != c.Id {
			return nil, false
		}
		return stored, true
	}
	app.OnCollectionUpdate().Bind(&hook.Handler[*core.CollectionEvent]{
		Id: "hugAuditNoSchemaChange",
		Func: func(e *core.CollectionEvent) error {
			if stored, ok := isAudit(e.App, e.Collection); ok && !sameDefinition(stored, e.Collection) {
				return immutable()
			}
			return e.Next()
		},
	})
	app.OnCollectionDelete().Bind(&hook.Handler[*core.CollectionEvent]{
		Id: "hugAuditNoDrop",
		Func: func(e *core.CollectionEvent) error {
			if _, ok := isAudit(e.App, e.Collection); ok {
				return immutable()
			}
			return e.Next()
		},
	})
}

// sameDefinition compares two versions of a collection, timestamps aside.
func sameDefinition(a, b *core.Collection) bool {
	definition := func(c *core.Collection) (map[string]any, error) {
		m := map[string]any{}
		raw, err := json.Marshal(c)
		if err == nil {
			err = json.Unmarshal(raw, &m)
		}
		delete(m, "created")
		delete(m, "updated")
		return m, err
	}
	da, errA := definition(a)
	db, errB := definition(b)
	return errA == nil && errB == nil && reflect.DeepEqual(da, db)
}
