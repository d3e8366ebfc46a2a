/// <reference path="../pb_data/types.d.ts" />

// The audit log becomes a hash chain (internal/moderation/chain.go): each
// entry gets its sequence number, the previous entry's hash and its own.
// `detail` says what a decision without a status change changed (a
// mediator's translation: fields and languages).
//
// actor_name goes: a line names its actor by account id only, so that once
// an account is deleted the log keeps no personal data (names are resolved
// when shown). The chain covers actor_id.
//
// Next: 1764200001_audit_chain_link.go (Go, internal/moderation) links the
// entries written before, then 1764200002_audit_chain_index.js makes seq
// unique. After the server starts, the audit collection can no longer be
// changed (internal/moderation/guard.go): change it with a migration.
migrate((app) => {
  const audit = app.findCollectionByNameOrId("audit_log")
  audit.fields.removeByName("actor_name")
  audit.fields.add(new NumberField({ name: "seq", min: 0, onlyInt: true }))
  audit.fields.add(new TextField({ name: "prev_hash", max: 64 }))
  audit.fields.add(new TextField({ name: "hash", max: 64 }))
  audit.fields.add(new TextField({ name: "detail", max: 1000 }))
  app.save(audit)
}, (app) => {
  const audit = app.findCollectionByNameOrId("audit_log")
  for (const name of ["seq", "prev_hash", "hash", "detail"]) {
    audit.fields.removeByName(name)
  }
  audit.fields.add(new TextField({ name: "actor_name", max: 200 }))
  app.save(audit)
})
