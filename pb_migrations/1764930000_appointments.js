/// <reference path="../pb_data/types.d.ts" />

// Appointment requests (internal/appointments; docs/ARCHITECTURE.md,
// "Appointment requests"): a family asks, staff propose a date and place,
// the family confirms or asks for another, staff mark it done; the family
// may withdraw it or delete it at any time.
//
//   new ─▶ proposed ─▶ confirmed ─▶ done
//            │  ▲          │
//            ▼  │ (staff)  │
//        another_asked     │        any open state ─▶ withdrawn (the family)
//
// appointment_requests:
//   topic, preferred_days (Monday = 1), preferred_parts (morning, afternoon,
//     evening): from Go (hugVocab), so the form and the rule share them.
//   preferred_times: a free note on times ("not during Ramadan").
//   message: a short message (1000 characters).
//   contact_method (phone, email) with contact_phone or contact_email: how
//     staff reach the family; internal/appointments requires the one chosen.
//   proposed_at, proposed_place, staff_reply: staff's proposal and its note.
//   status: new, proposed, another_asked, confirmed, done, withdrawn.
//
// Rules: the family creates its own request as "new" with none of staff's
// fields; afterwards it may send only a status (confirm, ask for another,
// withdraw: which ones, from where, internal/appointments.Change decides on
// every path) while the request is open; staff change anything; the family
// and staff delete. The view rule is unchanged: the family and staff only
// (internal/changelog's audience user:<id> mirrors it).
migrate((app) => {
  const V = hugVocab
  const STAFF = '@request.auth.role = "staff"'
  const SIGNED_IN = '@request.auth.id != ""'
  const c = app.findCollectionByNameOrId("appointment_requests")

  c.fields.getByName("topic").values = V.appointment_topics
  c.fields.getByName("message").max = 1000
  c.fields.add(new SelectField({ name: "preferred_days", values: V.appointment_weekdays, maxSelect: V.appointment_weekdays.length }))
  c.fields.add(new SelectField({ name: "preferred_parts", values: V.day_parts, maxSelect: V.day_parts.length }))
  c.fields.add(new SelectField({ name: "contact_method", values: ["phone", "email"], maxSelect: 1 }))
  c.fields.add(new EmailField({ name: "contact_email" }))
  c.fields.add(new DateField({ name: "proposed_at" }))
  c.fields.add(new RelationField({ name: "proposed_place", collectionId: app.findCollectionByNameOrId("places").id, maxSelect: 1 }))
  c.fields.getByName("status").values = ["new", "scheduled", "closed", "proposed", "another_asked", "confirmed", "done", "withdrawn"]
  app.save(c)

  // The old states, in the new words.
  app.db().newQuery("UPDATE appointment_requests SET status = 'confirmed' WHERE status = 'scheduled'").execute()
  app.db().newQuery("UPDATE appointment_requests SET status = 'done' WHERE status = 'closed'").execute()
  app.db().newQuery("UPDATE appointment_requests SET contact_method = 'phone' WHERE contact_phone != ''").execute()

  const staffFields = ["staff_reply", "proposed_at", "proposed_place"]
  const familyFields = ["user", "topic", "message", "preferred_place", "preferred_days", "preferred_parts", "preferred_times",
    "language", "contact_method", "contact_phone", "contact_email"]
  const unset = (names) => names.map((n) => '@request.body.' + n + ':isset = false').join(' && ')
  c.fields.getByName("status").values = ["new", "proposed", "another_asked", "confirmed", "done", "withdrawn"]
  c.createRule = SIGNED_IN + ' && @request.body.user = @request.auth.id' +
    ' && (@request.body.status:isset = false || @request.body.status = "new") && ' + unset(staffFields)
  c.updateRule = STAFF + ' || (user = @request.auth.id && status != "done" && status != "withdrawn"' +
    ' && @request.body.status:isset = true && ' + unset(staffFields.concat(familyFields)) + ')'
  c.deleteRule = 'user = @request.auth.id || ' + STAFF
  app.save(c)
}, (app) => {
  const STAFF = '@request.auth.role = "staff"'
  const SIGNED_IN = '@request.auth.id != ""'
  const c = app.findCollectionByNameOrId("appointment_requests")
  c.fields.getByName("status").values = ["new", "scheduled", "closed", "withdrawn", "proposed", "another_asked", "confirmed", "done"]
  app.save(c)
  app.db().newQuery("UPDATE appointment_requests SET status = 'new' WHERE status IN ('proposed', 'another_asked')").execute()
  app.db().newQuery("UPDATE appointment_requests SET status = 'scheduled' WHERE status = 'confirmed'").execute()
  app.db().newQuery("UPDATE appointment_requests SET status = 'closed' WHERE status = 'done'").execute()
  for (const name of ["preferred_days", "preferred_parts", "contact_method", "contact_email", "proposed_at", "proposed_place"]) {
    c.fields.removeByName(name)
  }
  c.fields.getByName("status").values = ["new", "scheduled", "closed", "withdrawn"]
  c.fields.getByName("message").max = 2000
  c.createRule = SIGNED_IN + ' && @request.body.user = @request.auth.id && (@request.body.status:isset = false || @request.body.status = "new")' +
    ' && @request.body.staff_reply:isset = false'
  c.updateRule = STAFF + ' || (user = @request.auth.id && status = "new" && @request.body.user:isset = false' +
    ' && @request.body.staff_reply:isset = false && (@request.body.status:isset = false || @request.body.status = "withdrawn"))'
  app.save(c)
})
