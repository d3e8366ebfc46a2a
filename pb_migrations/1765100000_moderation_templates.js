/// <reference path="../pb_data/types.d.ts" />

// The reason template of a moderation decision (internal/moderation,
// Decide): its id, one of vocab.ReasonTemplates, beside the staff's free
// text, so the proposer reads the template in their own language. On the
// activity (a proposal's decision) and on its revision (a change to a
// published activity). Like the reason, only staff set it: the owners'
// create and update rules refuse it in the body.
migrate((app) => {
  const NOT_SENT = "@request.body.moderation_reason:isset = false"
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new TextField({ name: "moderation_template", max: 60 }))
  activities.createRule = activities.createRule.replaceAll(NOT_SENT, NOT_SENT + " && @request.body.moderation_template:isset = false")
  activities.updateRule = activities.updateRule.replaceAll(NOT_SENT, NOT_SENT + " && @request.body.moderation_template:isset = false")
  app.save(activities)

  const revisions = app.findCollectionByNameOrId("activity_revisions")
  revisions.fields.add(new TextField({ name: "reason_template", max: 60 }))
  app.save(revisions)
}, (app) => {
  const NOT_SENT = " && @request.body.moderation_template:isset = false"
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("moderation_template")
  activities.createRule = activities.createRule.replaceAll(NOT_SENT, "")
  activities.updateRule = activities.updateRule.replaceAll(NOT_SENT, "")
  app.save(activities)
  const revisions = app.findCollectionByNameOrId("activity_revisions")
  revisions.fields.removeByName("reason_template")
  app.save(revisions)
})
