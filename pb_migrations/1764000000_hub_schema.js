/// <reference path="../pb_data/types.d.ts" />

// The hub's schema and every collection's API rules. The rules are the access
// contract: docs/ARCHITECTURE.md explains them and internal/hub's access
// matrix test checks each cell (collection x role x operation).
//
// Conventions:
// - Multilingual text is a JSON object keyed by language code
//   ({"it": "...", "en": "...", "ar": "..."}); "it" is the source language.
//   internal/multitext validates it.
// - A null rule means superusers only; "" means public. Every rule is set here.
// - Fields the server decides (registration status, membership status, audit
//   log) are set by Go hooks; the rules stop clients from setting them.
// - Languages, age bands, kinds, audiences, service categories and roles come
//   from Go (internal/vocab, the `hugVocab` global): defined once.

migrate((app) => {
  const V = hugVocab
  const LANGS = V.languages.map((l) => l.code)
  const AGE_BANDS = V.age_bands
  // A rule names a role by its value; one that Go no longer defines stops
  // the migration instead of leaving a rule nobody can meet.
  const role = (name) => {
    if (V.roles.indexOf(name) < 0) throw new Error("hub schema: unknown role " + name)
    return '"' + name + '"'
  }
  const STAFF = '@request.auth.role = ' + role("staff")
  const MEDIATOR = '@request.auth.role = ' + role("mediator")
  const SIGNED_IN = '@request.auth.id != ""'
  // Reference content: everyone reads, staff write, mediators translate.
  const PUBLIC_CONTENT = {
    listRule: "", viewRule: "", createRule: STAFF, updateRule: STAFF + ' || ' + MEDIATOR, deleteRule: STAFF,
  }

  const text = (name, opts) => Object.assign({ type: "text", name: name, max: 500 }, opts || {})
  const i18n = (name, opts) => Object.assign({ type: "json", name: name, maxSize: 20000 }, opts || {})
  const select = (name, values, opts) => Object.assign({ type: "select", name: name, values: values, maxSelect: 1 }, opts || {})
  const relation = (name, collection, opts) => Object.assign({
    type: "relation", name: name, collectionId: app.findCollectionByNameOrId(collection).id, maxSelect: 1,
  }, opts || {})
  const timestamps = [
    { type: "autodate", name: "created", onCreate: true },
    { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
  ]
  const save = (def) => {
    const collection = new Collection(Object.assign({ type: "base" }, def, { fields: def.fields.concat(timestamps) }))
    app.save(collection)
    return collection
  }

  // --- users: the built-in auth collection, extended. -----------------------
  // Minimal data: no children's names or birth dates, only age bands.
  const users = app.findCollectionByNameOrId("users")
  users.fields.add(new SelectField({ name: "role", values: V.roles, maxSelect: 1 }))
  users.fields.add(new SelectField({ name: "languages", values: LANGS, maxSelect: LANGS.length }))
  users.fields.add(new SelectField({ name: "children_age_bands", values: AGE_BANDS, maxSelect: AGE_BANDS.length }))
  users.fields.add(new TextField({ name: "municipality", max: 100 }))
  users.listRule = 'id = @request.auth.id || ' + STAFF
  users.viewRule = users.listRule
  // Anyone may sign up as a family or an association member; staff may make
  // mediators; only superusers make staff.
  users.createRule = '@request.body.role:isset = false || @request.body.role = ' + role("family") + ' || @request.body.role = ' + role("association") +
    ' || (' + STAFF + ' && @request.body.role = ' + role("mediator") + ')'
  users.updateRule = '(id = @request.auth.id && @request.body.role:isset = false)' +
    ' || (' + STAFF + ' && role != ' + role("staff") + ' && (@request.body.role:isset = false || @request.body.role != ' + role("staff") + '))'
  users.deleteRule = 'id = @request.auth.id || (' + STAFF + ' && role != ' + role("staff") + ')'
  users.otp.enabled = true
  users.otp.length = 6
  users.otp.duration = 600
  app.save(users)

  // --- organizations: associations and cooperatives, verified by staff. ----
  save({
    name: "organizations",
    fields: [
      text("name", { required: true, max: 200 }),
      text("slug", { max: 100 }),
      select("kind", ["association", "cooperative", "consortium", "public_body", "school", "health"], { required: true }),
      i18n("description"),
      { type: "url", name: "website" },
      { type: "email", name: "email" },
      text("phone", { max: 30 }),
      text("address", { max: 200 }),
      { type: "bool", name: "verified" },
      { type: "bool", name: "partner" },
      relation("members", "users", { maxSelect: 50 }),
    ],
    indexes: ["CREATE UNIQUE INDEX idx_organizations_slug ON organizations (slug) WHERE slug != ''"],
    listRule: 'verified = true || (' + SIGNED_IN + ' && members.id ?= @request.auth.id) || ' + STAFF,
    viewRule: 'verified = true || (' + SIGNED_IN + ' && members.id ?= @request.auth.id) || ' + STAFF,
    createRule: STAFF + ' || (@request.auth.role = ' + role("association") + ' && @request.body.verified:isset = false' +
      ' && @request.body.partner:isset = false && @request.body.members:each = @request.auth.id)',
    updateRule: STAFF + ' || (' + SIGNED_IN + ' && members.id ?= @request.auth.id && @request.body.verified:isset = false && @request.body.partner:isset = false)',
    deleteRule: STAFF,
  })

  // --- places: the access points, with structured opening hours. ---------
  save({
    name: "places",
    fields: [
      text("name", { required: true, max: 200 }),
      text("slug", { max: 100 }),
      select("kind", ["main_office", "access_point", "childhood_hub", "community_hub", "health"], { required: true }),
      i18n("description"),
      text("address", { max: 200 }),
      text("municipality", { max: 100 }),
      { type: "number", name: "lat", min: -90, max: 90 },
      { type: "number", name: "lng", min: -180, max: 180 },
      text("phone", { max: 30 }),
      { type: "email", name: "email" },
      // [{"day":1..7 (Monday=1), "opens":"HH:MM", "closes":"HH:MM"}], Europe/Rome
      { type: "json", name: "hours", maxSize: 5000 },
      // [{"date":"YYYY-MM-DD", "closed":true} | {"date":..., "slots":[{"opens","closes"}]}, "note":{i18n}]
      { type: "json", name: "exceptions", maxSize: 20000 },
      i18n("hours_note"),
      { type: "bool", name: "by_appointment" },
      { type: "number", name: "sort", onlyInt: true },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_places_slug ON places (slug) WHERE slug != ''"],
    ...PUBLIC_CONTENT,
  })

  // --- services: the information-and-orientation directory. --------------
  save({
    name: "services",
    fields: [
      i18n("name", { required: true }),
      text("slug", { max: 100 }),
      select("category", V.service_categories, { required: true }),
      select("nature", ["institutional", "informal"], { required: true }),
      i18n("summary"),
      text("runner", { max: 200 }),
      relation("organization", "organizations"),
      relation("place", "places"),
      text("address", { max: 200 }),
      text("phone", { max: 30 }),
      { type: "email", name: "email" },
      { type: "url", name: "website" },
      select("age_bands", AGE_BANDS, { maxSelect: AGE_BANDS.length }),
      // Details described as typical rather than checked with the provider.
      { type: "bool", name: "is_example" },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_services_slug ON services (slug) WHERE slug != ''"],
    ...PUBLIC_CONTENT,
  })

  // --- centre: the one record about Hug itself (contacts, service lines). --
  save({
    name: "centre",
    fields: [
      text("name", { required: true, max: 200 }),
      i18n("tagline"),
      i18n("description"),
      { type: "email", name: "email" },
      text("phone", { max: 30 }),
      relation("main_place", "places"),
      // [{"key": "...", "title": {i18n}, "text": {i18n}}]
      { type: "json", name: "service_lines", maxSize: 20000 },
    ],
    listRule: "",
    viewRule: "",
    createRule: null,
    updateRule: STAFF + ' || ' + MEDIATOR,
    deleteRule: null,
  })

  // --- groups: "0-6 anni", "Soresina", ... --------------------------------
  const groups = save({
    name: "groups",
    fields: [
      i18n("name", { required: true }),
      text("slug", { max: 100 }),
      i18n("description"),
      relation("place", "places"),
      select("join_policy", ["open", "approval"], { required: true }),
      { type: "bool", name: "public" },
      select("age_bands", AGE_BANDS, { maxSelect: AGE_BANDS.length }),
    ],
    indexes: ["CREATE UNIQUE INDEX idx_groups_slug ON groups (slug) WHERE slug != ''"],
    createRule: STAFF,
    updateRule: STAFF + ' || (' + MEDIATOR + ' && public = true)',
    deleteRule: STAFF,
  })

  // --- memberships: who is in which group. Status decided by the server. --
  save({
    name: "memberships",
    fields: [
      relation("group", "groups", { required: true, cascadeDelete: true }),
      relation("user", "users", { required: true, cascadeDelete: true }),
      select("status", ["pending", "active"], { required: true }),
    ],
    indexes: ["CREATE UNIQUE INDEX idx_memberships_group_user ON memberships (`group`, user)"],
    listRule: 'user = @request.auth.id || ' + STAFF,
    viewRule: 'user = @request.auth.id || ' + STAFF,
    createRule: STAFF + ' || (' + SIGNED_IN + ' && @request.body.user = @request.auth.id && @request.body.group.public = true)',
    updateRule: STAFF,
    deleteRule: 'user = @request.auth.id || ' + STAFF,
  })

  // A group that is not public is visible to its members and staff only.
  groups.listRule = 'public = true || (' + SIGNED_IN + ' && memberships_via_group.user ?= @request.auth.id) || ' + STAFF
  groups.viewRule = groups.listRule
  app.save(groups)

  // --- activities: the calendar. Only approved (or cancelled) are public. --
  // Every "is it mine" clause starts with SIGNED_IN: for a guest
  // @request.auth.id is "", which equals an empty relation.
  const ownActivity = '(' + SIGNED_IN + ' && (proposer = @request.auth.id || organization.members.id ?= @request.auth.id))'
  const ownOrganizationOrNone = '(@request.body.organization:isset = false || @request.body.organization = ""' +
    ' || (@request.body.organization.verified = true && @request.body.organization.members.id ?= @request.auth.id))'
  save({
    name: "activities",
    fields: [
      i18n("title", { required: true }),
      text("slug", { max: 100 }),
      i18n("summary"),
      i18n("body", { maxSize: 60000 }),
      select("kind", V.activity_kinds, { required: true }),
      { type: "date", name: "starts_at", required: true },
      { type: "date", name: "ends_at", required: true },
      relation("place", "places"),
      i18n("location_note"),
      relation("group", "groups"),
      select("age_bands", AGE_BANDS, { maxSelect: AGE_BANDS.length }),
      select("audience", V.audiences, { maxSelect: V.audiences.length }),
      // 0 means no limit.
      { type: "number", name: "capacity", min: 0, max: 10000, onlyInt: true },
      { type: "bool", name: "registration_required" },
      text("series", { max: 100 }),
      select("status", ["draft", "pending", "changes_requested", "approved", "rejected", "cancelled"], { required: true }),
      text("moderation_reason", { max: 1000 }),
      relation("proposer", "users"),
      relation("organization", "organizations"),
      text("runner", { max: 200 }),
      {
        type: "file", name: "cover", maxSelect: 1, maxSize: 2 * 1024 * 1024,
        mimeTypes: ["image/jpeg", "image/png", "image/webp"], thumbs: ["480x270", "960x540"],
      },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_activities_slug ON activities (slug) WHERE slug != ''",
      "CREATE INDEX idx_activities_status_start ON activities (status, starts_at)",
    ],
    listRule: 'status = "approved" || status = "cancelled" || ' + ownActivity + ' || ' + STAFF + ' || ' + MEDIATOR,
    viewRule: 'status = "approved" || status = "cancelled" || ' + ownActivity + ' || ' + STAFF + ' || ' + MEDIATOR,
    createRule: STAFF + ' || (' + SIGNED_IN + ' && @request.body.proposer = @request.auth.id' +
      ' && (@request.body.status = "pending" || @request.body.status = "draft")' +
      ' && @request.body.moderation_reason:isset = false && ' + ownOrganizationOrNone + ')',
    updateRule: STAFF + ' || ' + MEDIATOR + ' || (' + ownActivity +
      ' && @request.body.proposer:isset = false && @request.body.moderation_reason:isset = false' +
      ' && (@request.body.status:isset = false || @request.body.status = "pending" || @request.body.status = "draft" || @request.body.status = "cancelled")' +
      ' && ' + ownOrganizationOrNone + ')',
    deleteRule: STAFF + ' || (' + SIGNED_IN + ' && proposer = @request.auth.id && status != "approved" && status != "cancelled")',
  })

  // --- registrations: status (going / waitlisted) decided by the server. --
  const activityOwner = '(' + SIGNED_IN + ' && (activity.proposer = @request.auth.id || activity.organization.members.id ?= @request.auth.id))'
  save({
    name: "registrations",
    fields: [
      relation("activity", "activities", { required: true, cascadeDelete: true }),
      relation("user", "users", { required: true, cascadeDelete: true }),
      { type: "number", name: "adults", required: true, min: 1, max: 10, onlyInt: true },
      { type: "number", name: "children", min: 0, max: 10, onlyInt: true },
      select("status", ["going", "waitlisted", "cancelled"], { required: true }),
    ],
    indexes: ["CREATE UNIQUE INDEX idx_registrations_activity_user ON registrations (activity, user)"],
    listRule: 'user = @request.auth.id || ' + STAFF + ' || ' + activityOwner,
    viewRule: 'user = @request.auth.id || ' + STAFF + ' || ' + activityOwner,
    // Staff may register a family who phoned in.
    createRule: STAFF + ' || (' + SIGNED_IN + ' && @request.body.user = @request.auth.id' +
      ' && @request.body.activity.status = "approved" && @request.body.activity.registration_required = true)',
    updateRule: STAFF + ' || (user = @request.auth.id && @request.body.user:isset = false && @request.body.activity:isset = false' +
      ' && (@request.body.status:isset = false || @request.body.status = "cancelled" || @request.body.status = "going"))',
    deleteRule: 'user = @request.auth.id || ' + STAFF,
  })

  // --- appointment requests: visible to their author and staff only. -----
  save({
    name: "appointment_requests",
    fields: [
      relation("user", "users", { required: true, cascadeDelete: true }),
      select("topic", ["listening", "parenting_consultation", "information", "other"], { required: true }),
      text("message", { max: 2000 }),
      relation("preferred_place", "places"),
      text("preferred_times", { max: 200 }),
      select("language", LANGS),
      text("contact_phone", { max: 30 }),
      select("status", ["new", "scheduled", "closed", "withdrawn"], { required: true }),
      text("staff_reply", { max: 2000 }),
    ],
    listRule: 'user = @request.auth.id || ' + STAFF,
    viewRule: 'user = @request.auth.id || ' + STAFF,
    createRule: SIGNED_IN + ' && @request.body.user = @request.auth.id && (@request.body.status:isset = false || @request.body.status = "new")' +
      ' && @request.body.staff_reply:isset = false',
    updateRule: STAFF + ' || (user = @request.auth.id && status = "new" && @request.body.user:isset = false' +
      ' && @request.body.staff_reply:isset = false && (@request.body.status:isset = false || @request.body.status = "withdrawn"))',
    deleteRule: 'user = @request.auth.id || ' + STAFF,
  })

  // --- audit_log: staff decisions, written by the server, never changed. --
  // actor_id is plain text, not a relation, so deleting an account cannot
  // rewrite history.
  save({
    name: "audit_log",
    fields: [
      text("actor_id", { required: true, max: 30 }),
      text("actor_name", { max: 200 }),
      text("action", { required: true, max: 50 }),
      text("target_collection", { required: true, max: 50 }),
      text("target_id", { required: true, max: 30 }),
      text("from_status", { max: 50 }),
      text("to_status", { max: 50 }),
      text("reason", { max: 1000 }),
    ],
    indexes: ["CREATE INDEX idx_audit_log_target ON audit_log (target_collection, target_id)"],
    listRule: STAFF,
    viewRule: STAFF,
    createRule: null,
    updateRule: null,
    deleteRule: null,
  })
}, (app) => {
  for (const name of ["audit_log", "appointment_requests", "registrations", "activities", "memberships", "groups", "centre", "services", "places", "organizations"]) {
    app.delete(app.findCollectionByNameOrId(name))
  }
  const users = app.findCollectionByNameOrId("users")
  for (const name of ["role", "languages", "children_age_bands", "municipality"]) {
    users.fields.removeByName(name)
  }
  app.save(users)
})
