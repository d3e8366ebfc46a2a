package figures

import (
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// CountsCollection holds what the figures keep of appointment requests
// that the retention period deleted: counts, no person
// (pb_migrations/1765400000_appointment_counts.js).
const CountsCollection = "appointment_counts"

// FoldAppointment adds a request about to be deleted to the counts, so that
// Compute gives the same figures without it: one request on its day (in
// Rome) at its preferred place; and, if its author is a family reached by
// nothing else the hub still holds in that month (another request, a
// registration going to an activity held then, an active membership begun
// by then), one family reached on that day, with the municipality and age
// bands of its profile now. Call it in the deleting transaction.
//
// Families reached are distinct per month and after deletion the hub no
// longer knows who a counted family was: over a period of several months,
// a family whose deleted request fell in one month and who was reached
// otherwise in another counts in both (docs/ARCHITECTURE.md).
func FoldAppointment(txApp core.App, request *core.Record) error {
	created := request.GetDateTime("created").Time()
	day := created.In(vocab.TimeZone).Format(time.DateOnly)
	if err := addCount(txApp, dbx.Params{"day": day, "place": request.GetString("preferred_place"), "municipality": "", "age_bands": ""}, "requests"); err != nil {
		return err
	}
	user, err := txApp.FindRecordById("users", request.GetString("user"))
	if err != nil || user.GetString("role") != vocab.RoleFamily {
		return nil // no account left, or not a family: Compute would not count it either
	}
	otherwise, err := reachedOtherwise(txApp, user.Id, request.Id, created)
	if err != nil || otherwise {
		return err
	}
	bands := user.GetStringSlice("children_age_bands")
	sort.Strings(bands)
	return addCount(txApp, dbx.Params{"day": day, "place": "", "municipality": municipalityKey(user.GetString("municipality")),
		"age_bands": strings.Join(bands, ",")}, "families")
}

// reachedOtherwise: whether Compute counts the user as reached in the month
// of at by something other than this request.
func reachedOtherwise(app core.App, user, request string, at time.Time) (bool, error) {
	local := at.In(vocab.TimeZone)
	start := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, vocab.TimeZone)
	params := dbx.Params{"user": user, "request": request, "from": dbTime(start), "end": dbTime(start.AddDate(0, 1, 0))}
	var n int
	err := app.DB().NewQuery("SELECT" +
		" (SELECT COUNT(*) FROM appointment_requests WHERE user = {:user} AND id != {:request} AND created >= {:from} AND created < {:end})" +
		" + (SELECT COUNT(*) FROM registrations r JOIN activities a ON a.id = r.activity WHERE r.user = {:user} AND r.status = 'going'" +
		"    AND a.status = 'approved' AND a.starts_at >= {:from} AND a.starts_at < {:end})" +
		" + (SELECT COUNT(*) FROM memberships WHERE user = {:user} AND status = 'active' AND created < {:end})").Bind(params).Row(&n)
	return n > 0, err
}

// addCount adds one to a counter of the row with that key, made if new.
func addCount(txApp core.App, key dbx.Params, counter string) error {
	rows, err := txApp.FindRecordsByFilter(CountsCollection,
		"day = {:day} && place = {:place} && municipality = {:municipality} && age_bands = {:age_bands}", "", 1, 0, key)
	if err != nil {
		return err
	}
	var row *core.Record
	if len(rows) > 0 {
		row = rows[0]
	} else {
		collection, err := txApp.FindCachedCollectionByNameOrId(CountsCollection)
		if err != nil {
			return err
		}
		row = core.NewRecord(collection)
		for k, v := range key {
			row.Set(k, v)
		}
	}
	row.Set(counter, row.GetInt(counter)+1)
	return txApp.Save(row)
}

// foldedCount is one row of the counts, as Compute reads it.
type foldedCount struct {
	Day          string `db:"day"`
	Place        string `db:"place"`
	Municipality string `db:"municipality"`
	Bands        string `db:"age_bands"`
	Requests     int    `db:"requests"`
	Families     int    `db:"families"`
}

// foldedIn reads the counts of a period's days.
func foldedIn(app core.App, p Period) ([]foldedCount, error) {
	var rows []foldedCount
	err := app.DB().NewQuery("SELECT day, place, municipality, age_bands, requests, families FROM " + CountsCollection +
		" WHERE day >= {:from} AND day <= {:to}").
		Bind(dbx.Params{"from": p.From.Format(time.DateOnly), "to": p.To.Format(time.DateOnly)}).All(&rows)
	return rows, err
}
