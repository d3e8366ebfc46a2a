/// <reference path="../pb_data/types.d.ts" />

// Rate limits for a warm app open (docs/SYNC.md, internal/poke).
//
// Many families share one address: the Polo per l'Infanzia's Wi-Fi during an
// event, a mobile carrier's NAT. Opening the app costs each phone a realtime
// connection and its subscription, a pull, the messages and the config
// (revalidated), maybe a push of its outbox ("POST /api/hub/mutations" has
// its own rule, 1764810000_hub_mutations.js). Counted in the one "/api/"
// bucket, 100 phones opening at once would be refused after the first 50 or
// so. So each step gets its own bucket per address: 300 per 10 s, three times
// what 100 phones need, and a flood of any one step still stops at 300
// (internal/hub/ratelimit_test.go: TestRateLimits,
// TestAHundredPhonesBehindOneAddressOpenTheApp).
//
// Labels carry the method: PocketBase matches "METHOD /path" before the
// plain path, so "/api/" (a prefix rule) never takes these first.
const syncRules = [
  { label: "GET /api/realtime", audience: "", duration: 10, maxRequests: 300 },
  { label: "POST /api/realtime", audience: "", duration: 10, maxRequests: 300 },
  { label: "GET /api/hub/sync", audience: "", duration: 10, maxRequests: 300 },
  { label: "GET /api/hub/i18n/", audience: "", duration: 10, maxRequests: 300 },
  { label: "GET /api/hub/config", audience: "", duration: 10, maxRequests: 300 },
]

migrate((app) => {
  const settings = app.settings()
  const labels = syncRules.map((r) => r.label)
  settings.rateLimits.rules = settings.rateLimits.rules.filter((r) => !labels.includes(r.label)).concat(syncRules)
  app.save(settings)
}, (app) => {
  const settings = app.settings()
  const labels = syncRules.map((r) => r.label)
  settings.rateLimits.rules = settings.rateLimits.rules.filter((r) => !labels.includes(r.label))
  app.save(settings)
})
