/// <reference path="../pb_data/types.d.ts" />

// Reports (internal/reports; docs/ARCHITECTURE.md, "Reports").
//
// reports: a signed-in person says an approved activity is inappropriate:
// a reason from vocab.ReportReasons and a text (at most 500 characters).
// One per person and activity (unique index). internal/reports.File is the
// one writer of a new report (records API create hook, the report_activity
// mutation): it sets the reporter, the status (open) and hides the
// activity when three different accounts' reports are open. Staff decide
// through the dismiss_reports and act_on_reports mutations (reports.Decide):
// the reports become dismissed or acted, with decided_by and decided_at.
// The reporter and staff read a report; nobody else, the activity's owners
// included (they never learn who reported). No update or delete through the
// API (superusers aside).
//
// activities.hidden: set and cleared by the server only (reports.File,
// reports.Decide; a request that changes it is refused). A hidden activity
// is seen by its owners and staff only: the list and view rules below, the
// change log's audiences (internal/changelog), and so the sync feed, the
// public and private .ics feeds and the link preview, which resolve the
// rule for a guest.
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  const MEDIATOR = '@request.auth.role = "mediator"'
  const SIGNED_IN = '@request.auth.id != ""'
  const ownActivity = '(' + SIGNED_IN + ' && (proposer = @request.auth.id || organization.members.id ?= @request.auth.id))'

  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new BoolField({ name: "hidden" }))
  activities.listRule = '(hidden = false && (status = "approved" || status = "cancelled")) || ' + ownActivity +
    ' || ' + STAFF + ' || (hidden = false && ' + MEDIATOR + ')'
  activities.viewRule = activities.listRule
  app.save(activities)

  const reports = new Collection({
    type: "base",
    name: "reports",
    fields: [
      { type: "relation", name: "activity", collectionId: activities.id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "relation", name: "reporter", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "select", name: "reason", values: hugVocab.report_reasons, maxSelect: 1, required: true },
      { type: "text", name: "text", max: 500 },
      { type: "select", name: "status", values: ["open", "dismissed", "acted"], maxSelect: 1, required: true },
      { type: "relation", name: "decided_by", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1 },
      { type: "date", name: "decided_at" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_reports_activity_reporter ON reports (activity, reporter)",
      "CREATE INDEX idx_reports_status ON reports (status)",
    ],
    listRule: 'reporter = @request.auth.id || ' + STAFF,
    viewRule: 'reporter = @request.auth.id || ' + STAFF,
    createRule: SIGNED_IN + ' && @request.body.reporter = @request.auth.id',
    updateRule: null,
    deleteRule: null,
  })
  app.save(reports)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("reports"))
  const STAFF = '@request.auth.role = "staff"'
  const MEDIATOR = '@request.auth.role = "mediator"'
  const ownActivity = '(@request.auth.id != "" && (proposer = @request.auth.id || organization.members.id ?= @request.auth.id))'
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("hidden")
  activities.listRule = 'status = "approved" || status = "cancelled" || ' + ownActivity + ' || ' + STAFF + ' || ' + MEDIATOR
  activities.viewRule = activities.listRule
  app.save(activities)
})
