/// <reference path="../pb_data/types.d.ts" />

// One entry per place in the audit chain: two decisions can never both
// become entry N (internal/moderation/chain.go reads the head and appends in
// one transaction; this index refuses a fork should that ever fail).
migrate((app) => {
  const audit = app.findCollectionByNameOrId("audit_log")
  audit.addIndex("idx_audit_log_seq", true, "seq", "")
  app.save(audit)
}, (app) => {
  const audit = app.findCollectionByNameOrId("audit_log")
  audit.removeIndex("idx_audit_log_seq")
  app.save(audit)
})
