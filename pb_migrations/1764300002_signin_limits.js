/// <reference path="../pb_data/types.d.ts" />

// Sign-in limits per account and address (docs/SECURITY.md, L2).
//
// hub_signin_attempts holds the hub's own counters (internal/accounts/signin):
// a plain table, not a collection, so no API can read or write it. They live
// in the database so that a restart does not hand out fresh budgets. To let
// an account try again at once, an operator deletes its rows
// (key "password:<collectionId>:<address>…" or "code:<recordId>…").
//
// PocketBase's own limiter counts per address only. Sign-in tries per account
// are the hub's business now, so "*:auth" becomes a flood limit a family
// centre's shared Wi-Fi never meets (60 a minute), and code e-mails go to 10
// a minute per address (an account gets at most 5 live codes).
migrate((app) => {
  app.db().newQuery(`CREATE TABLE IF NOT EXISTS hub_signin_attempts (
    key TEXT PRIMARY KEY NOT NULL,
    attempts INTEGER NOT NULL,
    since INTEGER NOT NULL
  )`).execute()
  app.db().newQuery("CREATE INDEX IF NOT EXISTS idx_hub_signin_attempts_since ON hub_signin_attempts (since)").execute()

  const settings = app.settings()
  for (const rule of settings.rateLimits.rules) {
    if (rule.label === "*:auth") rule.maxRequests = 60
    if (rule.label === "*:requestOTP") rule.maxRequests = 10
  }
  app.save(settings)
}, (app) => {
  app.db().newQuery("DROP TABLE IF EXISTS hub_signin_attempts").execute()
  const settings = app.settings()
  for (const rule of settings.rateLimits.rules) {
    if (rule.label === "*:auth") rule.maxRequests = 10
    if (rule.label === "*:requestOTP") rule.maxRequests = 3
  }
  app.save(settings)
})
