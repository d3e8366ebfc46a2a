/// <reference path="../pb_data/types.d.ts" />

// Web Push delivery (internal/push; docs/ARCHITECTURE.md, "Web Push").
//
// push_subscriptions: one browser's push subscription, deduplicated by its
// endpoint (the secret URL the push service gave the browser). Written only
// by POST/DELETE /api/hub/push/subscriptions (push.Subscribe, push.Unsubscribe):
// no records-API access at all (every rule null: superusers only).
//   user: the account signed in when the app last posted it (empty: a guest);
//     deleting the account deletes its subscriptions.
//   language: a hub language (the request's, corrected along the hub's chain).
//   receive: what the person chose to receive; opaque here, owned by
//     internal/notify.
//   last_seen: the app re-posts its subscription at every start; 55 days
//     without: warned (warned_at), 60: deleted.
//   address: a hash of the address it was first posted from (the per-address
//     limit), never the address itself.
//
// push_deliveries: the persistent queue, one row per (subscription,
// notification), so nothing is sent twice; superusers only too.
//   state: queued, then sent, failed (refused or out of retries) or expired
//     (its TTL passed before it could be delivered).
//   sending: when a worker took it (empty when not in flight); rows found
//     taken at start were in flight when the hub died and are sent again.
migrate((app) => {
  const subscriptions = new Collection({
    type: "base",
    name: "push_subscriptions",
    fields: [
      { type: "text", name: "endpoint", required: true, max: 2048 },
      { type: "text", name: "p256dh", required: true, max: 200 },
      { type: "text", name: "auth", required: true, max: 100 },
      { type: "relation", name: "user", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1, cascadeDelete: true },
      { type: "text", name: "language", max: 10 },
      { type: "json", name: "receive", maxSize: 8192 },
      { type: "date", name: "last_seen" },
      { type: "date", name: "warned_at" },
      { type: "text", name: "address", max: 64, hidden: true },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_push_subscriptions_endpoint ON push_subscriptions (endpoint)",
      "CREATE INDEX idx_push_subscriptions_user ON push_subscriptions (user)",
      "CREATE INDEX idx_push_subscriptions_last_seen ON push_subscriptions (last_seen)",
      "CREATE INDEX idx_push_subscriptions_address ON push_subscriptions (address, created)",
    ],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(subscriptions)

  const deliveries = new Collection({
    type: "base",
    name: "push_deliveries",
    fields: [
      { type: "relation", name: "subscription", collectionId: subscriptions.id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "text", name: "notification", required: true, max: 100 },
      { type: "text", name: "payload", max: 4096 },
      { type: "text", name: "urgency", max: 10 },
      { type: "number", name: "ttl", min: 0, onlyInt: true },
      { type: "date", name: "not_before" },
      { type: "select", name: "state", values: ["queued", "sent", "failed", "expired"], maxSelect: 1, required: true },
      { type: "number", name: "attempts", min: 0, onlyInt: true },
      { type: "date", name: "next_attempt" },
      { type: "date", name: "sending" },
      { type: "number", name: "last_status", onlyInt: true },
      { type: "text", name: "announcement", max: 50 },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_push_deliveries_once ON push_deliveries (subscription, notification)",
      "CREATE INDEX idx_push_deliveries_due ON push_deliveries (state, next_attempt)",
      "CREATE INDEX idx_push_deliveries_announcement ON push_deliveries (announcement) WHERE announcement != ''",
    ],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(deliveries)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("push_deliveries"))
  app.delete(app.findCollectionByNameOrId("push_subscriptions"))
})
