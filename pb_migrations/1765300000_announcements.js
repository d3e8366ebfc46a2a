/// <reference path="../pb_data/types.d.ts" />

// Announcements (internal/announcements; docs/ARCHITECTURE.md, "Announcements").
//
// Staff post a message to one group or to everyone; it shows on the group's
// page and on its members' Home (a group-less one on everybody's), newest
// first, until staff withdraw it. Web Push (another issue) sends the urgent
// ones: these fields are its contract.
//   group: empty = everyone.
//   title, body: multilingual text, Italian required (announcements.Post).
//   urgent: the push issue sends these at once.
//   status: published | withdrawn (set by announcements.Post / Withdraw).
//   author: the staff member who posted it (set by the server).
//   published_at: when it was posted (set by the server).
//
// Reading: published ones only; a group-less one or one of a public group
// by everyone, guests included; one of a private group by whoever has a
// membership of it (as the groups rule, which a private group's members
// get only from staff); staff read all. Writing: staff, through
// announcements.Post and Withdraw (the records API's hooks and the
// mutations call them); nobody deletes one through the API (withdraw it:
// the audit log keeps what was said).
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  const SIGNED_IN = '@request.auth.id != ""'
  const read = '(status = "published" && (group = "" || group.public = true || (' + SIGNED_IN +
    ' && group.memberships_via_group.user ?= @request.auth.id))) || ' + STAFF
  const announcements = new Collection({
    type: "base",
    name: "announcements",
    fields: [
      { type: "relation", name: "group", collectionId: app.findCollectionByNameOrId("groups").id, maxSelect: 1, cascadeDelete: true },
      { type: "json", name: "title", maxSize: 20000, required: true },
      { type: "json", name: "body", maxSize: 20000, required: true },
      { type: "bool", name: "urgent" },
      { type: "select", name: "status", values: ["published", "withdrawn"], maxSelect: 1, required: true },
      { type: "relation", name: "author", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1 },
      { type: "date", name: "published_at" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE INDEX idx_announcements_group ON announcements (`group`)",
      "CREATE INDEX idx_announcements_published ON announcements (published_at)",
    ],
    listRule: read,
    viewRule: read,
    createRule: STAFF,
    updateRule: STAFF,
    deleteRule: null,
  })
  app.save(announcements)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("announcements"))
})
