package changelog

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Options configure the change log.
type Options struct {
	// Retention is how long rows are kept (0: DefaultRetention).
	Retention time.Duration
}

// DefaultRetention is how long a phone may stay away and still catch up
// change by change; after that its next pull is a snapshot.
const DefaultRetention = 30 * 24 * time.Hour

// MustRegister tracks the hub's synced collections and schedules retention.
// A later package makes its own collection synced with one Track call.
func MustRegister(app core.App, opts Options) {
	Track(app, "centre", publicOnly, nil)
	Track(app, "places", publicOnly, nil)
	Track(app, "services", serviceAudiences, nil)
	Track(app, "organizations", organizationAudiences, organizationResets)
	Track(app, "groups", groupAudiences, nil)
	Track(app, "activities", activityAudiences, nil)
	Track(app, "users", userAudiences, userResets)
	Track(app, "memberships", ownedBy("user"), membershipResets)
	Track(app, "registrations", registrationAudiences, nil)
	Track(app, "appointment_requests", ownedBy("user"), nil)
	bindActivityOwnerRows(app)
	bindForgetPerson(app)
	scheduleRetention(app, opts.Retention)
}

// bindActivityOwnerRows: an activity's registrations are seen by its
// proposer and its organization's members. When those change, or the
// activity is deleted (its registrations go with it, after it, when the
// owners can no longer be read from it), each registration gets rows for
// the owners before and after.
func bindActivityOwnerRows(app core.App) {
	log := func(e *core.RecordEvent, after *core.Record) error {
		return e.App.RunInTransaction(func(txApp core.App) error {
			outer := e.App
			e.App = txApp
			defer func() { e.App = outer }()
			before, err := txApp.FindRecordById("activities", e.Record.Id) // as committed, not the caller's copy
			if err != nil {
				return err
			}
			owners := activityOwners(before)
			if after != nil {
				if before.GetString("proposer") == after.GetString("proposer") &&
					before.GetString("organization") == after.GetString("organization") {
					return e.Next()
				}
				owners = append(owners, activityOwners(after)...)
			}
			var ids []string
			err = txApp.DB().Select("id").From("registrations").
				Where(dbx.HashExp{"activity": e.Record.Id}).Column(&ids)
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			for _, id := range ids {
				if err := write(txApp, "registrations", id, owners); err != nil {
					return err
				}
			}
			return nil
		})
	}
	id := "hubChangelogActivityOwners"
	app.OnRecordUpdateExecute("activities").Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, e.Record)
	}})
	app.OnRecordDeleteExecute("activities").Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, nil)
	}})
}
