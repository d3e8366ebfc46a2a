package appointments

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/figures"
)

// RetentionJob names the daily cron job that deletes old requests.
const RetentionJob = "hubAppointmentRetention"

// DefaultRetentionMonths is how long a request is kept after it was closed
// or last changed when the operator sets nothing (--appointmentRetention).
const DefaultRetentionMonths = 12

func scheduleRetention(app core.App, months int) {
	app.Cron().MustAdd(RetentionJob, "41 3 * * *", func() {
		if _, err := Expire(app, time.Now(), months); err != nil {
			app.Logger().Error("appointment retention", "error", err)
		}
	})
}

// Expire deletes the requests closed or last changed more than months
// before now (whatever their state: a request nobody touched for that long
// goes too), each in its own transaction with its counts folded into the
// figures' (figures.FoldAppointment) first, so the figures keep only
// counts and stay the same. The delete is an ordinary one: the change log
// tombstones it for the family's and staff's phones. It returns how many
// went. months < 1 is DefaultRetentionMonths.
func Expire(app core.App, now time.Time, months int) (int, error) {
	if months < 1 {
		months = DefaultRetentionMonths
	}
	cutoff := now.AddDate(0, -months, 0).UTC().Format("2006-01-02 15:04:05.000Z")
	var ids []string
	err := app.DB().Select("id").From(Collection).Where(dbx.NewExp("updated < {:cutoff}", dbx.Params{"cutoff": cutoff})).
		OrderBy("updated").Column(&ids)
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, id := range ids {
		gone := false
		err := app.RunInTransaction(func(txApp core.App) error {
			r, err := txApp.FindRecordById(Collection, id)
			if err != nil || r.GetDateTime("updated").String() >= cutoff {
				return nil // deleted or changed meanwhile
			}
			if err := figures.FoldAppointment(txApp, r); err != nil {
				return err
			}
			gone = true
			return txApp.Delete(r)
		})
		if err != nil {
			return deleted, err
		}
		if gone {
			deleted++
		}
	}
	return deleted, nil
}
