/// <reference path="../pb_data/types.d.ts" />

// Translations with provenance (internal/multitext, internal/translations;
// docs/ARCHITECTURE.md, "Multilingual text").
//
// provenance: on every collection whose texts are translated
// (multitext.Fields), where each text comes from: its original language and
// hash, who wrote it, and per translation who made it, when, from which
// version of the original (outdated when that changed), reviewed by whom.
// Written by the server alone on every save (multitext.Maintain); clients
// read it with the record. A collection added to multitext.Fields adds this
// field in its own migration (TestEveryTranslatableCollectionKeepsProvenance).
// The records already stored get theirs in 1765800001_translation_provenance_backfill.go.
//
// translation_drafts: a mediator's (or staff's) translation saved but not
// published, one per text, language and author; seen by its author and
// staff only, never by families. Written only by the save_translation
// mutation (translations.Save): every write rule is null.
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  for (const name of ["activities", "services", "groups", "places", "organizations", "centre"]) {
    const c = app.findCollectionByNameOrId(name)
    c.fields.add(new JSONField({ name: "provenance", maxSize: 200000 }))
    app.save(c)
  }
  const LANGS = hugVocab.languages.map((l) => l.code)
  const drafts = new Collection({
    type: "base",
    name: "translation_drafts",
    fields: [
      { type: "text", name: "target_collection", required: true, max: 50 },
      { type: "text", name: "target_id", required: true, max: 15 },
      { type: "text", name: "field", required: true, max: 200 },
      { type: "select", name: "language", required: true, values: LANGS, maxSelect: 1 },
      { type: "text", name: "text", required: true, max: 10000 },
      { type: "relation", name: "author", collectionId: app.findCollectionByNameOrId("users").id, maxSelect: 1, required: true, cascadeDelete: true },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_translation_drafts_one ON translation_drafts (target_collection, target_id, field, language, author)",
      "CREATE INDEX idx_translation_drafts_author ON translation_drafts (author)",
    ],
    listRule: 'author = @request.auth.id || ' + STAFF,
    viewRule: 'author = @request.auth.id || ' + STAFF,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
  app.save(drafts)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("translation_drafts"))
  for (const name of ["activities", "services", "groups", "places", "organizations", "centre"]) {
    const c = app.findCollectionByNameOrId(name)
    c.fields.removeByName("provenance")
    app.save(c)
  }
})
