/// <reference path="../pb_data/types.d.ts" />

// Organizations get a manager (docs/SECURITY.md, M2): the one member, set by
// staff, who may add and remove members. Any other member may edit the
// organization's details, never its members, manager, verification or
// partnership; on a verified organization such an edit takes the
// verification away until staff verify it again. Those decisions are one Go
// function (internal/accounts, ReviewOrganizationChange); the rules below
// only repeat the flags no client may ever send.
//
// Organizations created before this migration have no manager: staff
// designate one (a machine could not tell the founder from a member who took
// the organization over). One created through the API gets its creator.
migrate((app) => {
  const STAFF = '@request.auth.role = "staff"'
  const SIGNED_IN = '@request.auth.id != ""'
  const users = app.findCollectionByNameOrId("users")
  const organizations = app.findCollectionByNameOrId("organizations")
  organizations.fields.add(new RelationField({ name: "manager", collectionId: users.id, maxSelect: 1 }))
  const staffFlagsUnset = '@request.body.verified:isset = false && @request.body.partner:isset = false && @request.body.manager:isset = false'
  organizations.createRule = STAFF + ' || (@request.auth.role = "association" && ' + staffFlagsUnset +
    ' && @request.body.members:each = @request.auth.id)'
  organizations.updateRule = STAFF + ' || (' + SIGNED_IN + ' && members.id ?= @request.auth.id && ' + staffFlagsUnset + ')'
  app.save(organizations)
}, (app) => {
  const STAFF = '@request.auth.role = "staff"'
  const SIGNED_IN = '@request.auth.id != ""'
  const organizations = app.findCollectionByNameOrId("organizations")
  organizations.fields.removeByName("manager")
  organizations.createRule = STAFF + ' || (@request.auth.role = "association" && @request.body.verified:isset = false' +
    ' && @request.body.partner:isset = false && @request.body.members:each = @request.auth.id)'
  organizations.updateRule = STAFF + ' || (' + SIGNED_IN + ' && members.id ?= @request.auth.id && @request.body.verified:isset = false && @request.body.partner:isset = false)'
  app.save(organizations)
})
