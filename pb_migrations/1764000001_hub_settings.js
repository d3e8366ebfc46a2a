/// <reference path="../pb_data/types.d.ts" />

// App settings the hub depends on: its name, and rate limits that are off in
// a stock PocketBase. The values are checked by internal/hub's rate limit
// tests; see docs/ARCHITECTURE.md for why each is what it is.
migrate((app) => {
  const settings = app.settings()
  settings.meta.appName = "Hug - Centro per le Famiglie"
  settings.meta.hideControls = false

  settings.rateLimits.enabled = true
  settings.rateLimits.rules = [
    // password and one-time-code guessing: 10 tries a minute per address
    { label: "*:auth", audience: "", duration: 60, maxRequests: 10 },
    // e-mails sent on someone's behalf: 3 a minute per address
    { label: "*:requestOTP", audience: "", duration: 60, maxRequests: 3 },
    { label: "*:requestPasswordReset", audience: "", duration: 60, maxRequests: 3 },
    { label: "*:requestVerification", audience: "", duration: 60, maxRequests: 3 },
    // sign-ups: 5 a minute per address (a family centre's Wi-Fi shares one)
    { label: "users:create", audience: "@guest", duration: 60, maxRequests: 5 },
    // writes: room for a phone replaying an offline queue, not for a flood
    { label: "*:create", audience: "", duration: 10, maxRequests: 30 },
    { label: "/api/batch", audience: "", duration: 1, maxRequests: 3 },
    // everything else: a busy screen makes a handful of requests
    { label: "/api/", audience: "", duration: 10, maxRequests: 300 },
  ]
  app.save(settings)
}, (app) => {
  const settings = app.settings()
  settings.rateLimits.enabled = false
  app.save(settings)
})
