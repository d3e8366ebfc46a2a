/// <reference path="../pb_data/types.d.ts" />

// Calendar feeds (internal/calendar).
//
// users.calendar_token: the secret in the URL of a family's private feed
// (/api/hub/calendar/me/{token}.ics). Hidden: the records API, realtime and
// the sync feed never show it, and PocketBase drops it from a non-superuser's
// write and refuses it in a non-superuser's filter. The server makes it on
// demand and replaces it when the family resets the link.
//
// activities.ics_sequence: the iCalendar SEQUENCE of the activity's event,
// raised by the server (hook hubCalendarSequence) on every change of what
// the event shows, so calendar apps replace their copy. Hidden: clients
// neither read nor set it.
migrate((app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.add(new TextField({ name: "calendar_token", max: 100, hidden: true }))
  users.addIndex("idx_users_calendar_token", true, "calendar_token", "calendar_token != ''")
  app.save(users)

  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new NumberField({ name: "ics_sequence", min: 0, onlyInt: true, hidden: true }))
  app.save(activities)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.removeIndex("idx_users_calendar_token")
  users.fields.removeByName("calendar_token")
  app.save(users)

  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("ics_sequence")
  app.save(activities)
})
