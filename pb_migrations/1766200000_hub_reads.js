/// <reference path="../pb_data/types.d.ts" />

// How often a service, activity or announcement was opened, per day: the
// mediators' queue puts the most-read services first (internal/reads,
// docs/ARCHITECTURE.md "Most read").
//
// hub_reads: one row per (target_collection, target_id, day) holding a
//   count, nothing else: no person, no address, no user agent, no time of
//   day (internal/reads TestReadCountsHoldNoPerson checks the columns).
//   day: the day of the reads in Rome time (YYYY-MM-DD); rows older than 90
//   days are deleted by the hubReadsPrune cron.
//
// Nobody reads or writes it through the API (every rule null):
// POST /api/hub/reads adds 1, GET /api/hub/reads/top (mediators, staff)
// sums the last 30 days. Not synced to phones.
//
// POST /api/hub/reads gets its own rate limit per address: 120 per minute,
// many times what a family opening details needs, and the bound on how far
// one address can push a service up the queue.
const readsRule = { label: "POST /api/hub/reads", audience: "", duration: 60, maxRequests: 120 }

migrate((app) => {
  const reads = new Collection({
    type: "base",
    name: "hub_reads",
    fields: [
      { type: "select", name: "target_collection", required: true, maxSelect: 1, values: ["services", "activities", "announcements"] },
      { type: "text", name: "target_id", required: true, max: 15 },
      { type: "text", name: "day", required: true, pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
      { type: "number", name: "count", min: 0, onlyInt: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_hub_reads_key ON hub_reads (target_collection, target_id, day)",
      "CREATE INDEX idx_hub_reads_day ON hub_reads (day)",
    ],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(reads)

  const settings = app.settings()
  settings.rateLimits.rules = settings.rateLimits.rules.filter((r) => r.label !== readsRule.label).concat([readsRule])
  app.save(settings)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("hub_reads"))
  const settings = app.settings()
  settings.rateLimits.rules = settings.rateLimits.rules.filter((r) => r.label !== readsRule.label)
  app.save(settings)
})
