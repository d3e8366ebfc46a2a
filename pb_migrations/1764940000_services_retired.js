/// <reference path="../pb_data/types.d.ts" />

// The services directory kept current by staff (issue 10, item 4):
// services.retired marks a service that no longer runs. It is kept (the
// history, a service that comes back) but hidden from everyone but staff:
// the list and view rules say so, and the sync change log gives a retired
// service no public audience (internal/changelog, servicesAudiences), so a
// family's phone gets a tombstone when a service is retired.
migrate((app) => {
  const services = app.findCollectionByNameOrId("services")
  services.fields.add(new BoolField({ name: "retired" }))
  const rule = 'retired = false || @request.auth.role = "staff"'
  services.listRule = rule
  services.viewRule = rule
  app.save(services)
}, (app) => {
  const services = app.findCollectionByNameOrId("services")
  services.fields.removeByName("retired")
  services.listRule = ""
  services.viewRule = ""
  app.save(services)
})
