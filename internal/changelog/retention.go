package changelog

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// RetentionJob names the daily cron job that compacts the log.
const RetentionJob = "hubSyncRetention"

func scheduleRetention(app core.App, retention time.Duration) {
	if retention <= 0 {
		retention = DefaultRetention
	}
	app.Cron().MustAdd(RetentionJob, "17 3 * * *", func() {
		if _, err := Compact(app, time.Now(), retention); err != nil {
			app.Logger().Error("sync change log retention", "error", err)
		}
	})
}

// Compact drops the rows older than retention (raising the floor to the
// newest of them: a cursor below it must reset) and every row superseded by
// a later one of the same record and audience (a reader still gets the
// later one, so no cursor needs a reset for those). It returns how many
// rows went.
func Compact(app core.App, now time.Time, retention time.Duration) (int64, error) {
	var dropped int64
	err := app.RunInTransaction(func(txApp core.App) error {
		db := txApp.NonconcurrentDB()
		var newest int64
		err := db.NewQuery("SELECT COALESCE(MAX(seq), 0) FROM " + Table + " WHERE created < {:cutoff}").
			Bind(dbx.Params{"cutoff": now.Add(-retention).UnixMilli()}).Row(&newest)
		if err != nil {
			return err
		}
		if newest > 0 {
			res, err := db.NewQuery("DELETE FROM " + Table + " WHERE seq <= {:seq}").Bind(dbx.Params{"seq": newest}).Execute()
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			dropped += n
			_, err = db.NewQuery("UPDATE " + FloorTable + " SET seq = MAX(seq, {:seq}) WHERE id = 1").Bind(dbx.Params{"seq": newest}).Execute()
			if err != nil {
				return err
			}
		}
		res, err := db.NewQuery("DELETE FROM " + Table + " WHERE seq NOT IN (SELECT MAX(seq) FROM " + Table +
			" GROUP BY collection, record_id, audience)").Execute()
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		dropped += n
		return nil
	})
	return dropped, err
}
