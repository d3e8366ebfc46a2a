/// <reference path="../pb_data/types.d.ts" />

// A revision (a change to a published activity) on which staff asked for
// changes says so: "changes_requested", beside "pending" and "rejected",
// so its owner reads "staff ask you to change your edit" and not "your
// change was not accepted" (internal/moderation decideRevision). Rows the
// earlier code stored as "rejected" after an "ask for changes" stay so.
migrate((app) => {
  const revisions = app.findCollectionByNameOrId("activity_revisions")
  revisions.fields.getByName("status").values = ["pending", "changes_requested", "rejected"]
  app.save(revisions)
}, (app) => {
  app.db().newQuery("UPDATE activity_revisions SET status = 'rejected' WHERE status = 'changes_requested'").execute()
  const revisions = app.findCollectionByNameOrId("activity_revisions")
  revisions.fields.getByName("status").values = ["pending", "rejected"]
  app.save(revisions)
})
