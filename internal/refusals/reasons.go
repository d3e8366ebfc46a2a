package refusals

import (
	"github.com/cremona/hug/internal/vocab"
)

// The reasons below mirror the API rules of pb_migrations: they never grant
// or refuse anything themselves (the rules did, before they run), they only
// name which condition of the rule the request missed. A condition they do
// not recognise gets the generic code of the operation.

// explainCreate says why a create rule refused a request.
func explainCreate(collection string, r request) reason {
	if r.auth == nil && collection != "users" {
		return reason{"request", "error_status_401"}
	}
	switch collection {
	case "users":
		if r.isset("role") && r.str("role") != vocab.RoleFamily && r.str("role") != vocab.RoleAssociation {
			return reason{"role", "role_not_allowed"}
		}
	case "registrations":
		if r.str("user") != r.auth.Id {
			return reason{"user", "refused_not_yourself"}
		}
		if activity := r.related("activities", "activity"); activity != nil {
			if !activity.GetBool("registration_required") {
				return reason{"activity", "registration_not_needed"}
			}
			if activity.GetString("status") == "cancelled" {
				return reason{"activity", "registration_date_cancelled"}
			}
			if activity.GetString("status") != "approved" {
				return reason{"activity", "registration_closed"}
			}
		}
	case "activities":
		if r.str("proposer") != r.auth.Id {
			return reason{"proposer", "refused_not_yourself"}
		}
		if s := r.str("status"); s != "pending" && s != "draft" {
			return reason{"status", "validation_status_change"}
		}
		if r.isset("moderation_reason") || r.isset("moderation_template") {
			return reason{"moderation_reason", "staff_only_field"}
		}
		if why, refused := organizationReason(r); refused {
			return why
		}
	case "organizations":
		if !vocab.HasRole(r.auth, vocab.RoleAssociation) {
			return reason{"request", "role_not_allowed"}
		}
		if r.isset("verified") || r.isset("partner") {
			return reason{"verified", "staff_only_field"}
		}
		return reason{"members", "refused_not_yourself"}
	case "memberships":
		if r.str("user") != r.auth.Id {
			return reason{"user", "refused_not_yourself"}
		}
	case "appointment_requests":
		if r.str("user") != r.auth.Id {
			return reason{"user", "refused_not_yourself"}
		}
		for _, field := range []string{"staff_reply", "proposed_at", "proposed_place"} {
			if r.isset(field) {
				return reason{field, "staff_only_field"}
			}
		}
		if r.isset("status") && r.str("status") != "new" {
			return reason{"status", "staff_only_field"}
		}
	case "places", "services", "centre", "groups", "audit_log", "announcements":
		return reason{"request", "staff_only"}
	}
	return reason{"request", "refused_create"}
}

// organizationReason checks the organization a proposal is made under.
func organizationReason(r request) (reason, bool) {
	if r.str("organization") == "" {
		return reason{}, false
	}
	org := r.related("organizations", "organization")
	if org == nil {
		return reason{}, false
	}
	isMember := false
	for _, id := range org.GetStringSlice("members") {
		isMember = isMember || id == r.auth.Id
	}
	if !isMember {
		return reason{"organization", "organization_not_member"}, true
	}
	if !org.GetBool("verified") {
		return reason{"organization", "organization_not_verified"}, true
	}
	return reason{}, false
}

// ownActivity: the person proposed it or is a member of its organization.
func ownActivity(r request) bool {
	if r.record.GetString("proposer") == r.auth.Id {
		return true
	}
	org, err := r.app.FindRecordById("organizations", r.record.GetString("organization"))
	if err != nil {
		return false
	}
	for _, id := range org.GetStringSlice("members") {
		if id == r.auth.Id {
			return true
		}
	}
	return false
}

// explainUpdate says why an update rule refused a change to a record the
// person may view.
func explainUpdate(collection string, r request) reason {
	if r.auth == nil {
		return reason{"request", "error_status_401"}
	}
	switch collection {
	case "users":
		if r.isset("role") {
			return reason{"role", "role_not_allowed"}
		}
	case "activities":
		if !ownActivity(r) {
			return reason{"request", "not_yours"}
		}
		if r.isset("proposer") || r.isset("moderation_reason") || r.isset("moderation_template") {
			return reason{"request", "staff_only_field"}
		}
		if s := r.str("status"); r.isset("status") && s != "pending" && s != "draft" && s != "cancelled" {
			return reason{"status", "validation_status_change"}
		}
		if why, refused := organizationReason(r); refused {
			return why
		}
	case "appointment_requests":
		// The family sends only a status, while the request is open; which
		// moves internal/appointments.Move decides after the rule.
		if r.record.GetString("user") != r.auth.Id {
			return reason{"request", "not_yours"}
		}
		if s := r.record.GetString("status"); s == "done" || s == "withdrawn" {
			return reason{"request", "request_already_handled"}
		}
		for _, field := range []string{"staff_reply", "proposed_at", "proposed_place"} {
			if r.isset(field) {
				return reason{field, "staff_only_field"}
			}
		}
		return reason{"request", "appointment_only_status"} // a field of the request itself: withdraw and ask again
	case "registrations":
		if r.record.GetString("user") != r.auth.Id {
			return reason{"request", "not_yours"}
		}
		if r.isset("status") {
			return reason{"status", "validation_status_change"}
		}
	case "memberships":
		return reason{"status", "staff_only_field"}
	case "organizations":
		if r.isset("verified") || r.isset("partner") {
			return reason{"verified", "staff_only_field"}
		}
		return reason{"request", "not_yours"}
	case "places", "services", "centre", "groups", "audit_log", "announcements":
		return reason{"request", "staff_only"}
	}
	return reason{"request", "refused_change"}
}

// explainDelete says why a delete rule refused to delete a record the
// person may view.
func explainDelete(collection string, r request) reason {
	if r.auth == nil {
		return reason{"request", "error_status_401"}
	}
	switch collection {
	case "activities":
		if r.record.GetString("proposer") == r.auth.Id {
			// Approved or cancelled: families may have registered, so it
			// can be cancelled, not made to vanish.
			return reason{"status", "proposal_decided"}
		}
		if !ownActivity(r) {
			return reason{"request", "not_yours"}
		}
	case "places", "services", "centre", "groups", "organizations", "audit_log", "announcements":
		return reason{"request", "staff_only"}
	}
	return reason{"request", "refused_delete"}
}
