package changelog

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// The audiences of each synced collection, one function per collection
// mirroring its view rule (pb_migrations; TestViewRulesAreTheOnesTheAudiencesMirror
// pins the rules these were written against, and TestAFullSyncEqualsWhatEachRoleCanList
// proves the feed and the rules agree). Staff and superusers are in no
// audience: they read every row.

// publicOnly: places, centre (list rule "").
func publicOnly(core.App, *core.Record) ([]string, error) { return []string{Public}, nil }

// serviceAudiences: `retired = false || staff`. A retired service is for
// staff only, who read every row: it gets the audience Staff, which no
// other reader holds.
func serviceAudiences(_ core.App, r *core.Record) ([]string, error) {
	if r.GetBool("retired") {
		return []string{Staff}, nil
	}
	return []string{Public}, nil
}

// activityAudiences: `(hidden = false && (status = "approved" || status =
// "cancelled")) || proposer = me || organization.members ?= me || staff ||
// (hidden = false && mediator)`. An activity hidden after reports
// (internal/reports) is its owners' and staff's only.
func activityAudiences(_ core.App, r *core.Record) ([]string, error) {
	if r.GetBool("hidden") {
		return activityOwners(r), nil
	}
	switch r.GetString("status") {
	case "approved", "cancelled":
		return []string{Public}, nil
	}
	out := []string{Mediators}
	if p := r.GetString("proposer"); p != "" {
		out = append(out, User(p))
	}
	if o := r.GetString("organization"); o != "" {
		out = append(out, Org(o))
	}
	return out, nil
}

// groupAudiences: `public = true || memberships_via_group.user ?= me || staff`.
func groupAudiences(_ core.App, r *core.Record) ([]string, error) {
	if r.GetBool("public") {
		return []string{Public}, nil
	}
	return []string{Group(r.Id)}, nil
}

// organizationAudiences: `verified = true || members.id ?= me || staff`.
func organizationAudiences(_ core.App, r *core.Record) ([]string, error) {
	if r.GetBool("verified") {
		return []string{Public}, nil
	}
	return []string{Org(r.Id)}, nil
}

// ownedBy: `user = me || staff` (memberships, appointment requests).
func ownedBy(field string) AudiencesFunc {
	return func(_ core.App, r *core.Record) ([]string, error) {
		return []string{User(r.GetString(field))}, nil
	}
}

// userAudiences: `id = me || staff` (a person's own profile).
func userAudiences(_ core.App, r *core.Record) ([]string, error) {
	return []string{User(r.Id)}, nil
}

// registrationAudiences: `user = me || staff || activity.proposer = me ||
// activity.organization.members ?= me`. When the activity is gone (deleted
// in the same transaction, before its registrations cascade), its owners
// were given their rows by activityOwnerRows.
func registrationAudiences(app core.App, r *core.Record) ([]string, error) {
	out := []string{User(r.GetString("user"))}
	activity, err := app.FindRecordById("activities", r.GetString("activity"))
	if err != nil {
		return out, nil
	}
	return append(out, activityOwners(activity)...), nil
}

// activityOwners are the audiences that see an activity's registrations
// besides their authors.
func activityOwners(activity *core.Record) []string {
	var out []string
	if p := activity.GetString("proposer"); p != "" {
		out = append(out, User(p))
	}
	if o := activity.GetString("organization"); o != "" {
		out = append(out, Org(o))
	}
	return out
}

// The people whose whole view changes with a write.

// membershipResets: a membership (of any status) is what shows a private
// group; joining or leaving changes what the person may see.
func membershipResets(_ core.App, before, after *core.Record) ([]string, error) {
	if before != nil && after != nil &&
		before.GetString("user") == after.GetString("user") && before.GetString("group") == after.GetString("group") {
		return nil, nil
	}
	var out []string
	for _, r := range []*core.Record{before, after} {
		if r != nil {
			out = append(out, r.GetString("user"))
		}
	}
	return out, nil
}

// organizationResets: whoever joins or leaves an organization (or is a
// member of one created or deleted) sees its drafts and registrations
// appear or go.
func organizationResets(_ core.App, before, after *core.Record) ([]string, error) {
	var was, is []string
	if before != nil {
		was = before.GetStringSlice("members")
	}
	if after != nil {
		is = after.GetStringSlice("members")
	}
	var out []string
	for _, id := range was {
		if !slices.Contains(is, id) {
			out = append(out, id)
		}
	}
	for _, id := range is {
		if !slices.Contains(was, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// userResets: a new role (mediator, staff) changes everything a person sees.
func userResets(_ core.App, before, after *core.Record) ([]string, error) {
	if before != nil && after != nil && before.GetString("role") != after.GetString("role") {
		return []string{after.Id}, nil
	}
	return nil, nil
}
