package queryguard

// The allowlist: for each collection, what each role may name in a client
// expression. Anything not written here is refused, so a new collection (or
// a new field) is unreachable through filter, sort, expand and fields until
// someone adds it below and reads the three questions:
//
//  1. fields: which of its fields may a role filter, sort and pick on? A
//     field of a row the role can see is harmless to filter on, since the
//     list rule already limits the rows; list what clients need.
//  2. whole: which roles see EVERY row of it? Only those may reach it
//     through a relation (place.name, registrations_via_activity.adults)
//     from another collection. PocketBase checks the related collection's
//     list rule for the joins of a filter but not inside the multi-match
//     subquery of non-"?" operators, and the join check itself drops rows
//     whose related row is hidden (so even a single relation tells whether
//     one exists). A role that sees only some rows must never traverse.
//  3. expand: which relations may a role expand? PocketBase checks the view
//     rule of every expanded record, so expanding never shows a hidden row;
//     still, only what is listed here is accepted.
//
// "id" is always allowed as a direct field of a listed collection (every
// role may ask for a row by id; the list rule decides whether it gets it).
// Superusers are exempt from the guard: they see every row and field.

// Role is who is asking, as far as the guard is concerned.
type Role string

const (
	Anonymous   Role = "anonymous"
	Family      Role = "family"
	Association Role = "association"
	Mediator    Role = "mediator"
	Staff       Role = "staff"
)

// AllRoles are the roles the guard applies to (superusers are exempt).
var AllRoles = []Role{Anonymous, Family, Association, Mediator, Staff}

var (
	everyone = AllRoles
	signedIn = []Role{Family, Association, Mediator, Staff}
	staff    = []Role{Staff}
)

// grant lets roles name some fields (or relations, for expand).
type grant struct {
	roles []Role
	names []string
}

func allow(roles []Role, names ...string) grant { return grant{roles, names} }

// policy is one collection's entry in the allowlist.
type policy struct {
	fields   []grant // filter, sort and pick
	pickOnly []grant // pick with ?fields= only: shown under PocketBase's own checks (e.g. emailVisibility) that a filter through a relation would bypass
	expand   []grant // relation fields or back-relations ("x_via_y")
	whole    []Role  // roles that see every row: only they may traverse into it
}

var timestamps = []string{"created", "updated"}

func with(names []string, more ...string) []string {
	return append(append([]string{}, names...), more...)
}

// policies is the allowlist, by collection name.
var policies = map[string]policy{
	"users": { // list rule: yourself; staff everyone
		fields: []grant{allow(signedIn, with(timestamps, "name", "avatar", "verified", "role", "languages", "children_age_bands", "municipality")...)},
		// An e-mail is shown only to its owner (and where emailVisibility is
		// on); PocketBase adds that check to a direct filter but not inside a
		// multi-match subquery, so nobody filters on it.
		pickOnly: []grant{allow(signedIn, "email", "emailVisibility")},
		whole:    staff,
	},
	"organizations": { // verified ones, yours, or all for staff
		fields: []grant{allow(everyone, with(timestamps, "name", "slug", "kind", "description", "website", "email", "phone", "address", "verified", "partner", "members")...)},
		expand: []grant{allow(staff, "members")},
		whole:  staff,
	},
	"places": { // public
		fields: []grant{allow(everyone, with(timestamps, "name", "slug", "kind", "description", "address", "municipality", "lat", "lng",
			"phone", "email", "hours", "exceptions", "hours_note", "by_appointment", "sort")...)},
		whole: everyone,
	},
	"services": { // public
		fields: []grant{allow(everyone, with(timestamps, "name", "slug", "category", "nature", "summary", "runner", "organization", "place",
			"address", "phone", "email", "website", "age_bands", "is_example")...)},
		expand: []grant{allow(everyone, "place", "organization")},
		whole:  everyone,
	},
	"centre": { // public
		fields: []grant{allow(everyone, with(timestamps, "name", "tagline", "description", "email", "phone", "main_place", "service_lines")...)},
		expand: []grant{allow(everyone, "main_place")},
		whole:  everyone,
	},
	"groups": { // public ones, yours, all for staff
		fields: []grant{allow(everyone, with(timestamps, "name", "slug", "description", "place", "join_policy", "public", "age_bands")...)},
		expand: []grant{allow(everyone, "place")},
		whole:  staff,
	},
	"memberships": { // yours; all for staff
		fields: []grant{allow(signedIn, with(timestamps, "group", "user", "status")...)},
		expand: []grant{allow(signedIn, "group", "user")},
		whole:  staff,
	},
	"activities": { // approved and cancelled, yours; all for mediators and staff
		fields: []grant{
			allow(everyone, with(timestamps, "title", "slug", "summary", "body", "kind", "starts_at", "ends_at", "place", "location_note",
				"group", "age_bands", "audience", "capacity", "seats_taken", "registration_required", "series", "status",
				"organization", "runner", "cover")...),
			// who proposed it and why staff decided: a proposer's and staff's business
			allow(signedIn, "proposer", "moderation_reason"),
		},
		expand: []grant{allow(everyone, "place", "group", "organization"), allow(signedIn, "proposer")},
		whole:  []Role{Mediator, Staff},
	},
	"registrations": { // yours, your initiatives'; all for staff
		fields: []grant{allow(signedIn, with(timestamps, "activity", "user", "adults", "children", "status")...)},
		expand: []grant{allow(signedIn, "activity", "user")},
		whole:  staff,
	},
	"appointment_requests": { // yours; all for staff
		fields: []grant{allow(signedIn, with(timestamps, "user", "topic", "message", "preferred_place", "preferred_days", "preferred_parts",
			"preferred_times", "language", "contact_method", "contact_phone", "contact_email", "status", "staff_reply",
			"proposed_at", "proposed_place")...)},
		expand: []grant{allow(signedIn, "preferred_place", "proposed_place", "user")},
		whole:  staff,
	},
	// Read through the sync feed only; listed so that a row can be asked
	// for by id (the access matrix does), nothing else.
	"activity_revisions": {}, // owners and staff
	"attendance":         {}, // staff
	"reports":            {}, // the reporter and staff (internal/reports)
	"push_subscriptions": {}, // superusers (internal/push)
	"push_deliveries":    {}, // superusers (internal/push)
	"announcements":      {}, // everyone, by their group (internal/announcements)
	"notifications":      {}, // its person only (internal/notify)
	"translation_drafts": {}, // their author and staff (internal/translations)
	"appointment_counts": {}, // superusers (internal/figures: counts of deleted requests)
	"hub_reads":          {}, // superusers (internal/reads: a day's count per record, no person)
	"audit_log": { // staff
		fields: []grant{allow(staff, with(timestamps, "actor_id", "actor_name", "action", "target_collection", "target_id",
			"from_status", "to_status", "reason")...)},
		whole: staff,
	},
}

// access is what one role may name in one collection.
type access struct {
	fields, pick, expand map[string]bool
	whole                bool
}

// compiled is policies indexed by collection and role.
var compiled = compile(policies)

func compile(ps map[string]policy) map[string]map[Role]*access {
	out := map[string]map[Role]*access{}
	for name, p := range ps {
		byRole := map[Role]*access{}
		for _, r := range AllRoles {
			byRole[r] = &access{fields: map[string]bool{"id": true}, pick: map[string]bool{"id": true}, expand: map[string]bool{}}
		}
		for _, g := range p.fields {
			for _, r := range g.roles {
				for _, n := range g.names {
					byRole[r].fields[n] = true
					byRole[r].pick[n] = true
				}
			}
		}
		for _, g := range p.pickOnly {
			for _, r := range g.roles {
				for _, n := range g.names {
					byRole[r].pick[n] = true
				}
			}
		}
		for _, g := range p.expand {
			for _, r := range g.roles {
				for _, n := range g.names {
					byRole[r].expand[n] = true
				}
			}
		}
		for _, r := range p.whole {
			byRole[r].whole = true
		}
		out[name] = byRole
	}
	return out
}

// lookup is the access of role to a collection, or nil when the collection
// is not in the allowlist (then nothing may be named in it).
func lookup(collection string, role Role) *access {
	return compiled[collection][role]
}
