/// <reference path="../pb_data/types.d.ts" />

// Every file of every collection is protected: PocketBase serves it only to
// whoever may view its record (the collection's view rule), checked at each
// download. A guest needs no token for a record the public can see (an
// approved activity's cover keeps a plain, cacheable URL); anyone else shows
// a file token (?token=, from POST /api/files/token), which the admin UI and
// the JS SDK (pb.files.getToken()) fetch for them. A draft's cover is thus
// a 404 for a guest or another family. internal/files re-encodes every
// uploaded image, and its TestEveryFileFieldIsProtected fails if a later
// migration adds a file field without `protected: true`.
migrate((app) => {
  for (const collection of app.findAllCollections()) {
    let changed = false
    for (const field of collection.fields) {
      if (field.type() === "file" && !field.protected) {
        field.protected = true
        changed = true
      }
    }
    if (changed) {
      app.save(collection)
    }
  }
}, (app) => {
  for (const [name, field] of [["activities", "cover"], ["users", "avatar"]]) {
    const collection = app.findCollectionByNameOrId(name)
    const f = collection.fields.getByName(field)
    if (f) {
      f.protected = false
      app.save(collection)
    }
  }
})
