package reads

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Prune deletes the counts of days more than Retention before now and says
// how many rows went.
func Prune(app core.App, now time.Time) (int64, error) {
	res, err := app.DB().NewQuery(`DELETE FROM ` + Collection + ` WHERE day < {:cutoff}`).
		Bind(dbx.Params{"cutoff": day(now.Add(-Retention))}).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
