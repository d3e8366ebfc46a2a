/// <reference path="../pb_data/types.d.ts" />

// Seats taken by "going" registrations, kept on the activity by the server
// (internal/registration) so that anyone can see the places left without
// seeing who registered. Clients cannot set it.
migrate((app) => {
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.add(new NumberField({ name: "seats_taken", min: 0, onlyInt: true }))
  app.save(activities)
}, (app) => {
  const activities = app.findCollectionByNameOrId("activities")
  activities.fields.removeByName("seats_taken")
  app.save(activities)
})
