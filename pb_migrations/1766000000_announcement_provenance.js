/// <reference path="../pb_data/types.d.ts" />

// Announcements are content too (docs/ARCHITECTURE.md, "Multilingual
// text"): their title and body are in multitext.Fields, so they get the
// provenance field that multitext.Maintain keeps on every save (the ones
// already stored get theirs in 1766000001_announcement_provenance_backfill.go,
// internal/multitext/backfill.go).
//
// Mediators translate the published announcements they can read (the view
// rule's reach): the update rule lets them, so translations.Save (the
// save_translation mutation) accepts them; what they may change is only
// texts in their languages (multitext.CheckMediatorEdit), and through the
// records API the withdraw hook refuses anyone but staff
// (announcements.Withdraw). Staff keep every right they had.
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  const MEDIATOR = '@request.auth.role = "mediator"'
  const c = app.findCollectionByNameOrId("announcements")
  c.fields.add(new JSONField({ name: "provenance", maxSize: 200000 }))
  c.updateRule = STAFF + ' || (' + MEDIATOR + ' && status = "published" && (group = "" || group.public = true || ' +
    'group.memberships_via_group.user ?= @request.auth.id))'
  app.save(c)
}, (app) => {
  const c = app.findCollectionByNameOrId("announcements")
  c.fields.removeByName("provenance")
  c.updateRule = '@request.auth.role = "staff"'
  app.save(c)
})
