package registration

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

type settlingKey struct{}

// quietly marks the saves settle makes itself, so the hooks below do not
// settle again for each of them.
func quietly(ctx context.Context) context.Context {
	return context.WithValue(ctx, settlingKey{}, true)
}

func isSettling(ctx context.Context) bool {
	v, _ := ctx.Value(settlingKey{}).(bool)
	return v
}

// Settle brings an activity's seats up to date after any change of its
// registrations or its capacity, in txApp's transaction: free seats are
// offered to the waiting list in order of arrival, each to the first
// family whose waiting people fit (a larger family is skipped, not
// blocking the others), and seats_taken is recounted from the rows. While
// the seats taken exceed the capacity (staff lowered it), nothing is
// offered and nobody is moved down. Once the activity has started, or is
// no longer published, nothing is offered.
func Settle(txApp core.App, activityID string) error {
	activity, err := txApp.FindRecordById("activities", activityID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // deleted, its registrations with it
	}
	if err != nil {
		return err
	}
	if activity.GetString("status") == "approved" && !started(activity) {
		if err := serveWaitingList(txApp, activity); err != nil {
			return err
		}
	}
	taken, err := seatsTaken(txApp, activity.Id, "")
	if err != nil || taken == activity.GetInt("seats_taken") {
		return err
	}
	activity.Set("seats_taken", taken)
	return txApp.SaveNoValidateWithContext(quietly(context.Background()), activity)
}

// serveWaitingList offers the free seats, first come first served.
func serveWaitingList(txApp core.App, activity *core.Record) error {
	free, err := freeSeats(txApp, activity, "")
	if err != nil || free <= 0 {
		return err
	}
	waiting, err := txApp.FindRecordsByFilter("registrations",
		"activity = {:activity} && waiting > 0 && (status = 'waitlisted' || status = 'going')",
		"queued,created,id", 0, 0, dbx.Params{"activity": activity.Id})
	if err != nil {
		return err
	}
	until := offerUntil(activity, now())
	for _, reg := range waiting {
		need := reg.GetInt("waiting")
		if need > free {
			continue
		}
		free -= need
		if until.IsZero() {
			reg.Set("status", Going) // no time left for offers: the seats are theirs
			reg.Set("waiting", 0)
			reg.Set("queued", 0)
		} else {
			reg.Set("status", Offered)
			reg.Set("offer_until", until)
		}
		if err := txApp.SaveWithContext(quietly(context.Background()), reg); err != nil {
			return err
		}
		if free <= 0 {
			break
		}
	}
	return nil
}

// bindSettling settles the activities a write concerns, whatever made it
// (records API, mutation, admin UI, seed, the cascade of a deleted
// account or activity, the offers' cron), inside the write's transaction.
func bindSettling(app core.App) {
	settleAfter := func(e *core.RecordEvent, activities func() []string) error {
		if isSettling(e.Context) {
			return e.Next()
		}
		return e.App.RunInTransaction(func(txApp core.App) error {
			outer := e.App
			e.App = txApp
			defer func() { e.App = outer }()
			if err := e.Next(); err != nil {
				return err
			}
			for _, id := range activities() {
				if err := Settle(txApp, id); err != nil {
					return err
				}
			}
			return nil
		})
	}
	ofRegistration := func(e *core.RecordEvent) error {
		return settleAfter(e, func() []string {
			ids := []string{e.Record.GetString("activity")}
			if old := e.Record.Original().GetString("activity"); !e.Record.IsNew() && old != "" && old != ids[0] {
				ids = append(ids, old) // moved: the old activity's seats free too
			}
			return ids
		})
	}
	app.OnRecordCreate("registrations").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubRegistrationSettleCreate", Func: ofRegistration})
	app.OnRecordUpdate("registrations").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubRegistrationSettleUpdate", Func: ofRegistration})
	app.OnRecordDelete("registrations").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubRegistrationSettleDelete", Func: ofRegistration})

	// A capacity edit (raised: offers; lowered: nobody moved), a date
	// published, moved or cancelled.
	app.OnRecordUpdate("activities").Bind(&hook.Handler[*core.RecordEvent]{Id: "hubRegistrationSettleActivity", Func: func(e *core.RecordEvent) error {
		before := e.Record.Original()
		changed := false
		for _, f := range []string{"capacity", "status", "starts_at"} {
			if before.GetString(f) != e.Record.GetString(f) {
				changed = true
			}
		}
		if !changed {
			return e.Next()
		}
		return settleAfter(e, func() []string { return []string{e.Record.Id} })
	}})
}
