/// <reference path="../pb_data/types.d.ts" />

// Registering (internal/registration; docs/ARCHITECTURE.md, "Registering").
//
// registrations:
//   status "offered": seats freed for a waiting family are held for it until
//     offer_until; it confirms (status going) or the offer passes on.
//   waiting: how many of the registration's people are on the waiting list
//     (all of them when waitlisted; the extra people when a family already
//     going asked for more seats than are free; 0 otherwise).
//   queued: the place in the waiting list, in order of arrival (given by
//     the server inside the seat transaction, so ties are impossible).
//   offer_until: when the current offer ends (kept after it expired, so the
//     family can be told so).
// All four are the server's: internal/registration sets them on every path.
//
// activities:
//   registration_deadline: no new registrations after it (empty: the start).
//   max_people: the most people one registration may bring (0: no limit but
//     the capacity).
migrate((app) => {
  const regs = app.findCollectionByNameOrId("registrations")
  const status = regs.fields.getByName("status")
  status.values = ["going", "waitlisted", "offered", "cancelled"]
  regs.fields.add(new NumberField({ name: "waiting", min: 0, max: 20, onlyInt: true }))
  regs.fields.add(new NumberField({ name: "queued", min: 0, onlyInt: true }))
  regs.fields.add(new DateField({ name: "offer_until" }))
  regs.addIndex("idx_registrations_queue", false, "activity, status, queued", "")
  regs.addIndex("idx_registrations_offers", false, "status, offer_until", "")
  app.save(regs)

  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new DateField({ name: "registration_deadline" }))
  activities.fields.add(new NumberField({ name: "max_people", min: 0, max: 20, onlyInt: true }))
  app.save(activities)

  // Registrations already waiting keep their order of arrival.
  app.db().newQuery(
    "UPDATE registrations SET waiting = adults + children, queued = (" +
    " SELECT COUNT(*) FROM registrations r2 WHERE r2.activity = registrations.activity AND r2.status = 'waitlisted'" +
    " AND (r2.created < registrations.created OR (r2.created = registrations.created AND r2.id <= registrations.id)))" +
    " WHERE status = 'waitlisted'").execute()
}, (app) => {
  app.db().newQuery("UPDATE registrations SET status = 'going' WHERE status = 'offered'").execute()
  const regs = app.findCollectionByNameOrId("registrations")
  regs.removeIndex("idx_registrations_queue")
  regs.removeIndex("idx_registrations_offers")
  for (const name of ["waiting", "queued", "offer_until"]) {
    regs.fields.removeByName(name)
  }
  regs.fields.getByName("status").values = ["going", "waitlisted", "cancelled"]
  app.save(regs)

  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("registration_deadline")
  activities.fields.removeByName("max_people")
  app.save(activities)
})
