/// <reference path="../pb_data/types.d.ts" />

// Notifications (internal/notify, pb_hooks/notify.pb.js; docs/ARCHITECTURE.md,
// "Notifications").
//
// notifications: a person's inbox, one row per notification addressed to
// them, so nothing is lost on a phone without push (an iPhone without the
// app on its Home Screen, a browser without push, push turned off). Written
// only by notify.Send (every write rule null); read by its person only,
// through the sync feed (audience user:<id>). read_notifications marks rows
// read (notify.MarkRead).
//   notice: the notification's id, the same for every recipient and in the
//     push payload ("id"), so the phone matches a push with its row.
//   kind: internal/vocab NotifyKinds.
//   title, body: {"id": "<message id in locales/>", "params": {...}} or
//     {"text": {"it": "...", ...}} (a staff announcement's own words);
//     rendered in the reader's language by the phone (the payload's text is
//     rendered by the server in the subscription's language).
//   url: the screen a tap opens. sensitive: the lock screen shows a
//     neutral text unless the person opted into previews.
//
// users.notify_prefs: what a person receives by push, per kind and per
// group, their quiet hours and previews (notify.ValidatePrefs on every save).
// groups.sensitive: a group whose notifications are private (the
// paternity-support spaces): the lock screen shows a neutral text.
//
// hub_notices: every notice sent, by its stable id (one event never
// notifies twice: a retried hook, a cron run twice or after a restart).
// A plain table: no records API.
migrate((app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.add(new Field({ type: "json", name: "notify_prefs", maxSize: 20000 }))
  app.save(users)

  const groups = app.findCollectionByNameOrId("groups")
  groups.fields.add(new Field({ type: "bool", name: "sensitive" }))
  app.save(groups)

  const notifications = new Collection({
    type: "base",
    name: "notifications",
    fields: [
      { type: "relation", name: "user", collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "text", name: "notice", required: true, max: 15 },
      { type: "select", name: "kind", values: hugVocab.notify_kinds, maxSelect: 1, required: true },
      { type: "json", name: "title", maxSize: 20000 },
      { type: "json", name: "body", maxSize: 40000 },
      { type: "text", name: "url", max: 500 },
      { type: "bool", name: "sensitive" },
      { type: "date", name: "read_at" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_notifications_user_notice ON notifications (user, notice)",
      "CREATE INDEX idx_notifications_user_read ON notifications (user, read_at)",
    ],
    listRule: '@request.auth.id != "" && user = @request.auth.id',
    viewRule: '@request.auth.id != "" && user = @request.auth.id',
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(notifications)

  app.db().newQuery(`CREATE TABLE IF NOT EXISTS hub_notices (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    created TEXT NOT NULL
  )`).execute()
}, (app) => {
  app.db().newQuery("DROP TABLE IF EXISTS hub_notices").execute()
  app.delete(app.findCollectionByNameOrId("notifications"))
  const groups = app.findCollectionByNameOrId("groups")
  groups.fields.removeByName("sensitive")
  app.save(groups)
  const users = app.findCollectionByNameOrId("users")
  users.fields.removeByName("notify_prefs")
  app.save(users)
})
