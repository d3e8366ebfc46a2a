package proposals

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Registered is one registration as an initiative's owner sees it: the
// family's display name (the name it gave itself, maybe empty) and how many
// come, never its e-mail or phone.
type Registered struct {
	Name     string `db:"name" json:"name"`
	Adults   int    `db:"adults" json:"adults"`
	Children int    `db:"children" json:"children"`
	Status   string `db:"status" json:"status"`
	Waiting  int    `db:"waiting" json:"waiting"` // of them, on the waiting list
	Activity string `db:"activity" json:"-"`
}

// Initiative is who registered for one published activity of the caller.
type Initiative struct {
	Going         int          `json:"going"`   // people with a seat
	Waiting       int          `json:"waiting"` // people on the waiting list
	Registrations []Registered `json:"registrations"`
}

// handleInitiatives is GET /api/hub/initiatives: for each published
// (approved or cancelled) activity the caller owns (proposer, or member of
// its organization), who registered. The registrations rule already lets
// owners read the rows; the users rule does not let them read the families'
// profiles, so the one field they need, the display name, comes from here,
// with nothing else of the profile (TestMyInitiativesShowNamesAndCountsOnly).
// Online only: the phone shows states and counts from its synced data, and
// the names when it can fetch them. No client expression is taken.
func handleInitiatives(e *core.RequestEvent) error {
	if e.Auth == nil || e.Auth.Collection().Name != "users" {
		return e.UnauthorizedError("", nil)
	}
	var rows []Registered
	err := e.App.DB().NewQuery(`
		SELECT r.activity AS activity, COALESCE(u.name, '') AS name, r.adults AS adults, r.children AS children, r.status AS status, COALESCE(r.waiting, 0) AS waiting
		FROM registrations r
		JOIN activities a ON a.id = r.activity
		LEFT JOIN users u ON u.id = r.user
		WHERE a.status IN ('approved', 'cancelled') AND r.status != 'cancelled'
		  AND (a.proposer = {:me} OR (a.organization != '' AND EXISTS (
		    SELECT 1 FROM organizations o, json_each(o.members) m WHERE o.id = a.organization AND m.value = {:me})))
		ORDER BY r.activity, r.created, r.id`).Bind(dbx.Params{"me": e.Auth.Id}).All(&rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	out := map[string]*Initiative{}
	for _, r := range rows {
		in := out[r.Activity]
		if in == nil {
			in = &Initiative{Registrations: []Registered{}}
			out[r.Activity] = in
		}
		people := r.Adults + r.Children
		if r.Status == "going" {
			in.Going += people - r.Waiting
			in.Waiting += r.Waiting
		} else {
			in.Waiting += people
		}
		in.Registrations = append(in.Registrations, r)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]any{"activities": out})
}
