package reads

import (
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// CodeOnlyTranslators refuses the top counts to anyone but mediators and staff.
const CodeOnlyTranslators = "reads_only_translators"

// Top is how often each record of a collection was read in the TopWindow
// before now: {id: count}, records never read left out.
func Top(app core.App, collection string, now time.Time) (map[string]int, error) {
	var rows []struct {
		ID    string `db:"target_id"`
		Count int    `db:"total"`
	}
	err := app.DB().NewQuery(`SELECT target_id, SUM(count) AS total FROM ` + Collection + `
		WHERE target_collection = {:collection} AND day > {:since} GROUP BY target_id`).
		Bind(dbx.Params{"collection": collection, "since": day(now.Add(-TopWindow))}).All(&rows)
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Count
	}
	return out, err
}

// handleTop is GET /api/hub/reads/top?collection=services, for mediators
// and staff (the queue they work from); families and guests are refused.
func handleTop(e *core.RequestEvent) error {
	if !vocab.IsStaff(e.Auth) && !vocab.HasRole(e.Auth, vocab.RoleMediator) {
		return router.NewForbiddenError(CodeOnlyTranslators, map[string]any{"collection": validation.NewError(CodeOnlyTranslators, CodeOnlyTranslators)})
	}
	collection := e.Request.URL.Query().Get("collection")
	if !slices.Contains(counted, collection) {
		return refuse(http.StatusBadRequest, CodeBadTarget, "collection")
	}
	top, err := Top(e.App, collection, time.Now())
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, top)
}
