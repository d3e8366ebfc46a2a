// Package proposals holds who may propose an activity and what a proposal
// must say, for every path that makes one: the records API (its request
// hooks) and the phone's mutations (internal/mutations, propose_activity
// and update_proposal). The proposal's states and what an owner may change
// in each are internal/moderation's (ApplyOwnerEdit, revisions); the limit
// of proposals a day is the centre's policy, pb_hooks/proposals.pb.js.
package proposals

import (
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// Codes of the refusals (message ids in locales/).
const (
	CodeRoleNotAllowed        = "proposal_role_not_allowed"       // a mediator proposing
	CodeAssociationUnverified = "proposal_association_unverified" // an association member whose association is not verified yet
	CodeInPast                = "proposal_in_past"                // a date already past
	CodeNotYours              = "not_yours"                       // someone else's proposal
)

// CheckProposer says whether auth may propose an activity (under
// organization, if not empty: the create rule checks that it is verified
// and auth a member). Families may; members of an association only once
// staff have verified one they belong to; staff publish (they may propose
// too); mediators translate and do not propose. Proved by
// TestWhoMayPropose (records API) and TestProposalTransitionsPerRole
// (mutations).
func CheckProposer(app core.App, auth *core.Record) error {
	if auth == nil {
		return router.NewUnauthorizedError("", nil)
	}
	if vocab.IsStaff(auth) {
		return nil
	}
	switch auth.GetString("role") {
	case vocab.RoleMediator:
		return router.NewForbiddenError("", validation.Errors{"request": validation.NewError(CodeRoleNotAllowed, "Mediators translate proposals; they do not make them")})
	case vocab.RoleAssociation:
		var n struct {
			N int `db:"n"`
		}
		err := app.DB().Select("COUNT(*) AS n").From("organizations").
			Where(dbx.NewExp("verified = TRUE AND EXISTS (SELECT 1 FROM json_each(organizations.members) m WHERE m.value = {:u})", dbx.Params{"u": auth.Id})).
			One(&n)
		if err != nil {
			return err
		}
		if n.N == 0 {
			return router.NewForbiddenError("", validation.Errors{"organization": validation.NewError(CodeAssociationUnverified,
				"Your association can propose once the centre's staff have verified it")})
		}
	}
	return nil
}

// CheckDates refuses a proposal that starts in the past (the end before the
// start, and dates outside the hub's window, are refused for every save by
// internal/activities and internal/dates).
func CheckDates(starts time.Time, now time.Time) error {
	if !starts.IsZero() && starts.Before(now) {
		return validation.Errors{"starts_at": validation.NewError(CodeInPast, "This date has already passed: choose a date to come")}
	}
	return nil
}

// IsOwner: the proposer, or a member of the activity's organization.
func IsOwner(app core.App, auth, activity *core.Record) bool {
	if auth == nil {
		return false
	}
	if activity.GetString("proposer") == auth.Id {
		return true
	}
	org := activity.GetString("organization")
	if org == "" {
		return false
	}
	o, err := app.FindRecordById("organizations", org)
	if err != nil {
		return false
	}
	for _, m := range o.GetStringSlice("members") {
		if m == auth.Id {
			return true
		}
	}
	return false
}

// Dates are the activities of one proposal: the activity itself and, for a
// cycle (several dates made at once share a series), its sibling dates with
// the same proposer, in date order.
func Dates(app core.App, activity *core.Record) ([]*core.Record, error) {
	series := activity.GetString("series")
	if series == "" || activity.GetString("proposer") == "" {
		return []*core.Record{activity}, nil
	}
	return app.FindRecordsByFilter("activities", "series = {:s} && proposer = {:p}", "starts_at", 0, 0,
		dbx.Params{"s": series, "p": activity.GetString("proposer")})
}
