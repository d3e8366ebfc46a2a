/// <reference path="../pb_data/types.d.ts" />

// Attendance (internal/attendance; docs/ARCHITECTURE.md, "Attendance").
//
// attendance: who came to an activity, one record per registration, with
// the registration's id as its own id (so two tablets marking the same
// family offline write the same record, never two). Staff mark it at the
// door, offline too, through the mark_attendance mutation
// (attendance.Mark); the records API only reads it, and only for staff:
// every write rule is null.
//   present: the family came (false: marked, then unmarked).
//   adults, children: how many of them came (the registration's by default).
//   marked_at: when the staff member tapped (the tablet's clock, so an
//     offline tap keeps its time); the later tap wins.
//   marked_by: who tapped.
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  const attendance = new Collection({
    type: "base",
    name: "attendance",
    fields: [
      { type: "relation", name: "activity", collectionId: app.findCollectionByNameOrId("activities").id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "relation", name: "registration", collectionId: app.findCollectionByNameOrId("registrations").id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "bool", name: "present" },
      { type: "number", name: "adults", min: 0, max: 20, onlyInt: true },
      { type: "number", name: "children", min: 0, max: 20, onlyInt: true },
      { type: "date", name: "marked_at", required: true },
      { type: "relation", name: "marked_by", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1 },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_attendance_registration ON attendance (registration)",
      "CREATE INDEX idx_attendance_activity ON attendance (activity)",
    ],
    listRule: STAFF,
    viewRule: STAFF,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(attendance)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("attendance"))
})
