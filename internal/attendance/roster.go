package attendance

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Line is one family on an activity's roster: only what the door needs
// (the name they gave, how many they are), never an e-mail or a phone.
type Line struct {
	Registration string
	Name         string
	// Status is the registration's: going, offered or waitlisted.
	Status           string
	Adults, Children int
	// Waiting is how many of them are on the waiting list.
	Waiting int
	// Marked says whether staff marked the family; Present whether it came.
	Marked, Present          bool
	CameAdults, CameChildren int
	MarkedAt                 time.Time
}

// Roster is an activity's families going, offered a seat or waitlisted,
// going first, each list in order of arrival, with their check-ins.
// Cancelled registrations are left out, unless staff marked them present
// before the family cancelled (then they came and count).
func Roster(app core.App, activityID string) ([]Line, error) {
	var rows []struct {
		ID       string `db:"id"`
		Name     string `db:"name"`
		Status   string `db:"status"`
		Adults   int    `db:"adults"`
		Children int    `db:"children"`
		Waiting  int    `db:"waiting"`
		Marked   bool   `db:"marked"`
		Present  bool   `db:"present"`
		CameA    int    `db:"came_adults"`
		CameC    int    `db:"came_children"`
		MarkedAt string `db:"marked_at"`
	}
	err := app.DB().NewQuery(`
		SELECT r.id, COALESCE(u.name, '') AS name, r.status, r.adults, r.children, r.waiting,
			a.id IS NOT NULL AS marked, COALESCE(a.present, 0) AS present,
			COALESCE(a.adults, 0) AS came_adults, COALESCE(a.children, 0) AS came_children,
			COALESCE(a.marked_at, '') AS marked_at
		FROM registrations r
		LEFT JOIN users u ON u.id = r.user
		LEFT JOIN attendance a ON a.id = r.id
		WHERE r.activity = {:activity} AND (r.status != 'cancelled' OR a.present = 1)
		ORDER BY CASE r.status WHEN 'going' THEN 0 WHEN 'offered' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END,
			r.queued, r.created, r.id`).Bind(dbx.Params{"activity": activityID}).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make([]Line, len(rows))
	for i, r := range rows {
		out[i] = Line{
			Registration: r.ID, Name: r.Name, Status: r.Status,
			Adults: r.Adults, Children: r.Children, Waiting: r.Waiting,
			Marked: r.Marked, Present: r.Present, CameAdults: r.CameA, CameChildren: r.CameC,
		}
		if r.MarkedAt != "" {
			if t, err := time.Parse("2006-01-02 15:04:05.000Z", r.MarkedAt); err == nil {
				out[i].MarkedAt = t
			}
		}
	}
	return out, nil
}
