package accounts

import (
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// publicDetails are what the public reads about an organization (the About
// screen, the runner of its activities). Staff verified them; a change by
// anyone else needs staff to verify them again.
var publicDetails = []string{"name", "slug", "kind", "description", "website", "email", "phone", "address"}

// Codes of the refusals that are about who may change what.
const (
	codeStaffOnly        = "organization_staff_only"
	codeMembersByManager = "organization_members_by_manager"
)

// staffFlags are decided by staff only.
var staffFlags = []string{"verified", "partner", "manager"}

// OrganizationChange is what a change does to an organization, as
// ReviewOrganizationChange found it.
type OrganizationChange struct {
	MembersChanged         bool
	MembersFrom, MembersTo []string
	// Unverified: a verified organization's public details changed, so it
	// waits for staff to verify it again (hidden from the public meanwhile).
	Unverified bool
}

// ReviewOrganizationChange is the one place that decides what a person may
// change on an organization; every path that writes one (the records API
// today, the sync mutations later) calls it before saving. org is the
// organization as it would be saved, org.Original() as it is stored.
//
//   - Staff may change anything.
//   - An association that creates an organization is its only member and its
//     manager; it cannot verify it or make it a partner.
//   - A member may edit the details, never verified, partner or manager.
//   - Only the manager (and staff) add or remove members, and the manager
//     stays a member.
//   - A verified organization whose public details a non-staff member changes
//     loses its verification until staff verify it again.
//
// It may set manager (on creation) and verified (to false) on org; a refusal
// is a validation.Errors with stable codes.
func ReviewOrganizationChange(actor *core.Record, org *core.Record) (OrganizationChange, error) {
	before := org.Original()
	var from []string
	if !org.IsNew() {
		from = before.GetStringSlice("members")
	}
	to := org.GetStringSlice("members")
	change := OrganizationChange{MembersFrom: from, MembersTo: to, MembersChanged: !sameSet(from, to)}

	if !vocab.IsStaff(actor) {
		if err := memberMay(actor, org, change); err != nil {
			return change, err
		}
	}
	if manager := org.GetString("manager"); manager != "" && !slices.Contains(to, manager) {
		return change, validation.Errors{"manager": validation.NewError("organization_manager_is_member", "The manager must be one of the members")}
	}
	if vocab.IsStaff(actor) {
		return change, nil
	}
	if !org.IsNew() && before.GetBool("verified") {
		for _, field := range publicDetails {
			if changed(before, org, field) {
				org.Set("verified", false)
				change.Unverified = true
				break
			}
		}
	}
	return change, nil
}

// memberMay refuses what a person who is not staff may not change; on
// creation it makes the founder the manager.
func memberMay(actor, org *core.Record, change OrganizationChange) error {
	if actor == nil {
		return validation.Errors{"members": membersError()}
	}
	before := org.Original()
	errs := validation.Errors{}
	if org.IsNew() {
		if org.GetString("manager") == "" {
			org.Set("manager", actor.Id)
		}
		if len(change.MembersTo) != 1 || change.MembersTo[0] != actor.Id {
			errs["members"] = membersError()
		}
	} else if change.MembersChanged && before.GetString("manager") != actor.Id {
		errs["members"] = membersError()
	}
	for _, field := range staffFlags {
		if org.IsNew() && field == "manager" && org.GetString("manager") == actor.Id {
			continue
		}
		if changed(before, org, field) {
			errs[field] = validation.NewError(codeStaffOnly, "Only the centre's staff can change this")
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func membersError() error {
	return validation.NewError(codeMembersByManager, "Only the organization's manager or the centre's staff can add or remove members")
}

func changed(before, after *core.Record, field string) bool {
	if _, isBool := after.Collection().Fields.GetByName(field).(*core.BoolField); isBool {
		return before.GetBool(field) != after.GetBool(field)
	}
	return before.GetString(field) != after.GetString(field)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}
