/// <reference path="../pb_data/types.d.ts" />

// The sync change log (docs/SYNC.md, internal/changelog).
//
// hub_changes: one row per change of a synced record and audience (who may
// see it), written in the change's own transaction. Plain tables, not
// collections: no records API, no realtime, nothing a client can filter.
// AUTOINCREMENT keeps seq growing even after the newest rows are deleted, so
// a cursor is never handed out twice.
//
// hub_changes_floor: the newest seq that retention has dropped by age; a
// cursor below it can no longer be served change by change (a reset).
migrate((app) => {
  app.db().newQuery(`CREATE TABLE IF NOT EXISTS hub_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    created INTEGER NOT NULL
  )`).execute()
  app.db().newQuery("CREATE INDEX IF NOT EXISTS idx_hub_changes_audience_seq ON hub_changes (audience, seq)").execute()
  app.db().newQuery("CREATE INDEX IF NOT EXISTS idx_hub_changes_created ON hub_changes (created)").execute()
  app.db().newQuery(`CREATE TABLE IF NOT EXISTS hub_changes_floor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  )`).execute()
  app.db().newQuery("INSERT OR IGNORE INTO hub_changes_floor (id, seq) VALUES (1, 0)").execute()
}, (app) => {
  app.db().newQuery("DROP TABLE IF EXISTS hub_changes").execute()
  app.db().newQuery("DROP TABLE IF EXISTS hub_changes_floor").execute()
})
