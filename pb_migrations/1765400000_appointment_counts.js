/// <reference path="../pb_data/types.d.ts" />

// What the funding body's figures keep of appointment requests deleted by
// the retention period (internal/appointments Expire, internal/figures
// FoldAppointment; docs/ARCHITECTURE.md, "Retention of appointment
// requests"): counts only, no person, no topic, no message.
//
// appointment_counts: one row per combination; a request adds 1 to
//   `requests` of (day, place), and, when its family was reached by nothing
//   else the hub still holds in that month, 1 to `families` of (day,
//   municipality, age_bands): the two kinds of count sit on different rows,
//   so no row ties where a family lives to where it asked.
//   day: the request's day in Rome time (YYYY-MM-DD).
//   place: the access point it preferred (none: "").
//   municipality: as figures folds it ("Cremona"); age_bands: "0-3,3-6".
//
// Nobody reads or writes it through the API (every rule null): figures
// reads it in Go, the retention job writes it.
migrate((app) => {
  const counts = new Collection({
    type: "base",
    name: "appointment_counts",
    fields: [
      { type: "text", name: "day", required: true, pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
      { type: "relation", name: "place", collectionId: app.findCollectionByNameOrId("places").id, maxSelect: 1 },
      { type: "text", name: "municipality", max: 200 },
      { type: "text", name: "age_bands", max: 200 },
      { type: "number", name: "requests", min: 0, onlyInt: true },
      { type: "number", name: "families", min: 0, onlyInt: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_appointment_counts_key ON appointment_counts (day, place, municipality, age_bands)",
    ],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(counts)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("appointment_counts"))
})
