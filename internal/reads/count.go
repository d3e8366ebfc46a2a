package reads

import (
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Error codes (locale keys).
const (
	CodeBadTarget = "reads_bad_target" // not a counted collection, or no id
	CodeNotFound  = "reads_not_found"  // no such record, or not one the caller may view
)

// Count adds one read of a record on the day of at, if the caller (info)
// may view it by the collection's view rule, as the records API would
// answer GET /api/collections/{collection}/records/{id}. Anything else is
// refused and not counted: a collection that is not counted (400), a
// record that does not exist or that the caller may not view (404, alike,
// so a refusal does not tell a hidden record exists).
func Count(app core.App, info *core.RequestInfo, collection, id string, at time.Time) error {
	if !slices.Contains(counted, collection) || id == "" || len(id) > 15 {
		return refuse(http.StatusBadRequest, CodeBadTarget, "collection")
	}
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	record, err := app.FindRecordById(c, id)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse(http.StatusNotFound, CodeNotFound, "id")
	}
	if err != nil {
		return err
	}
	if ok, err := app.CanAccessRecord(record, info, c.ViewRule); err != nil || !ok {
		return refuse(http.StatusNotFound, CodeNotFound, "id")
	}
	// One statement: concurrent reads of a record add up, none is lost.
	_, err = app.DB().NewQuery(`INSERT INTO ` + Collection + ` (id, target_collection, target_id, day, count)
		VALUES ({:id}, {:collection}, {:target}, {:day}, 1)
		ON CONFLICT (target_collection, target_id, day) DO UPDATE SET count = count + 1`).
		Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "collection": collection, "target": id, "day": day(at)}).Execute()
	return err
}

func refuse(status int, code, field string) error {
	data := map[string]any{field: validation.NewError(code, code)}
	if status == http.StatusNotFound {
		return router.NewNotFoundError(code, data)
	}
	return router.NewBadRequestError(code, data)
}

type readBody struct {
	Collection string `json:"collection"`
	ID         string `json:"id"`
}

// handleRead is POST /api/hub/reads.
func handleRead(e *core.RequestEvent) error {
	var body readBody
	if err := e.BindBody(&body); err != nil {
		return refuse(http.StatusBadRequest, CodeBadTarget, "collection")
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.InternalServerError("", err)
	}
	if err := Count(e.App, info, body.Collection, body.ID, time.Now()); err != nil {
		return err
	}
	return e.NoContent(http.StatusNoContent)
}
