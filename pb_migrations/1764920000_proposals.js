/// <reference path="../pb_data/types.d.ts" />

// Proposals from families and associations (internal/proposals,
// internal/moderation; docs/ARCHITECTURE.md, "Proposals").
//
// activities.original_language: the language the proposer wrote the texts
// in (one of vocab's languages; empty means Italian, the staff's own). The
// original text of a required multilingual field must be in it
// (multitext.SourceLanguage), and mediators translate from it, never
// change it.
//
// activity_revisions: the change an owner proposes to an activity that is
// already public. The approved version stays public while the revision
// waits for staff (moderation.ApproveRevision applies it,
// moderation.RejectRevision keeps it with the staff's reason until the
// owner edits again). One revision per activity: a second edit merges into
// it. Seen by the activity's owners (its proposer, its organization's
// members) and staff; written only by the hub (every write rule null), so
// nobody publishes a change by editing the revision.
migrate((app) => {
  const LANGS = hugVocab.languages.map((l) => l.code)
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new SelectField({ name: "original_language", values: LANGS, maxSelect: 1 }))
  app.save(activities)

  const STAFF = '@request.auth.role = "staff"'
  const owner = '(@request.auth.id != "" && (activity.proposer = @request.auth.id || activity.organization.members.id ?= @request.auth.id))'
  const revisions = new Collection({
    type: "base",
    name: "activity_revisions",
    fields: [
      { type: "relation", name: "activity", collectionId: activities.id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "relation", name: "author", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1 },
      // The changed fields of the activity and their proposed values.
      { type: "json", name: "fields", maxSize: 120000 },
      // A new cover, when the change brings one (re-encoded like every upload).
      {
        type: "file", name: "cover", maxSelect: 1, maxSize: 2 * 1024 * 1024, protected: true,
        mimeTypes: ["image/jpeg", "image/png", "image/webp"],
      },
      { type: "select", name: "status", values: ["pending", "rejected"], maxSelect: 1, required: true },
      { type: "text", name: "reason", max: 1000 },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_activity_revisions_activity ON activity_revisions (activity)"],
    listRule: owner + ' || ' + STAFF,
    viewRule: owner + ' || ' + STAFF,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(revisions)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("activity_revisions"))
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("original_language")
  app.save(activities)
})
