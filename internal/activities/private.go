package activities

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// privateFields are the parts of a public activity that are its owners' and
// staff's business: who proposed it (a person's id, which would link every
// proposal of one family) and what staff told them.
var privateFields = []string{"proposer", "moderation_reason"}

// hidePrivateFields runs for every activity any response carries (records
// API, realtime, the sync feed: they all enrich through PocketBase), so a
// guest or another family never receives them
// (TestOnlyOwnersAndStaffReceiveWhoProposed).
func hidePrivateFields(e *core.RecordEnrichEvent) error {
	if e.RequestInfo == nil || !mayKnowWhoProposed(e.App, e.RequestInfo.Auth, e.Record) {
		e.Record.Hide(privateFields...)
	}
	return e.Next()
}

// mayKnowWhoProposed: staff, the proposer, a member of the organization it
// is under. Superusers see everything anyway.
func mayKnowWhoProposed(app core.App, auth, activity *core.Record) bool {
	switch {
	case auth == nil:
		return false
	case vocab.IsStaff(auth), auth.Id == activity.GetString("proposer"):
		return true
	case activity.GetString("organization") == "":
		return false
	}
	org, err := app.FindRecordById("organizations", activity.GetString("organization"))
	return err == nil && slices.Contains(org.GetStringSlice("members"), auth.Id)
}
