/// <reference path="../pb_data/types.d.ts" />

// The outcomes of sync mutations (docs/SYNC.md "Push", internal/mutations).
//
// hub_mutations: one row per mutation a person's phone sent and the hub
// decided, written in the mutation's own transaction, so a change and its
// outcome commit together or not at all. (user, mutation) is unique: a
// replay finds the row and gets the stored outcome. hash is the SHA-256 of
// the mutation's name and arguments, to refuse an id reused for another
// change. seq is the order of commits. A plain table, not a collection: no
// API reads or writes it.
//
// Rate limit: a phone back online sends its whole outbox, 100 mutations a
// request; the pushes of a family centre's shared Wi-Fi get a budget of their
// own, not the shared "/api/" one the pulls use.
migrate((app) => {
  app.db().newQuery(`CREATE TABLE IF NOT EXISTS hub_mutations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    mutation TEXT NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created INTEGER NOT NULL
  )`).execute()
  app.db().newQuery("CREATE UNIQUE INDEX IF NOT EXISTS idx_hub_mutations_user_mutation ON hub_mutations (user, mutation)").execute()
  app.db().newQuery("CREATE INDEX IF NOT EXISTS idx_hub_mutations_created ON hub_mutations (created)").execute()

  const settings = app.settings()
  const rules = settings.rateLimits.rules.filter((r) => r.label !== "POST /api/hub/mutations")
  rules.push({ label: "POST /api/hub/mutations", audience: "@auth", duration: 10, maxRequests: 300 })
  settings.rateLimits.rules = rules
  app.save(settings)
}, (app) => {
  app.db().newQuery("DROP TABLE IF EXISTS hub_mutations").execute()
  const settings = app.settings()
  settings.rateLimits.rules = settings.rateLimits.rules.filter((r) => r.label !== "POST /api/hub/mutations")
  app.save(settings)
})
