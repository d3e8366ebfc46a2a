package refusals

import (
	"errors"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// reason is why a write was refused: the field it is about ("request" when
// it is about the whole record) and a message id of locales/.
type reason struct{ field, code string }

// request is what an explanation looks at: who asks, what they sent, and
// the record they tried to change (nil for a create).
type request struct {
	app    core.App
	info   *core.RequestInfo
	auth   *core.Record
	body   map[string]any
	record *core.Record
}

func (r request) isset(field string) bool { _, ok := r.body[field]; return ok }

func (r request) str(field string) string { s, _ := r.body[field].(string); return s }

// canView reports whether the person may view a record (its view rule).
func (r request) canView(record *core.Record) bool {
	if record == nil {
		return false
	}
	ok, err := r.app.CanAccessRecord(record, r.info, record.Collection().ViewRule)
	return err == nil && ok
}

// related finds the record a relation field of the body points to, if the
// person may view it: an explanation never mentions a hidden record.
func (r request) related(collection, field string) *core.Record {
	id := r.str(field)
	if id == "" {
		return nil
	}
	record, err := r.app.FindRecordById(collection, id)
	if err != nil || !r.canView(record) {
		return nil
	}
	return record
}

func explain(e *core.RequestEvent) error {
	err := e.Next()
	var apiErr *router.ApiError
	if err == nil || !errors.As(err, &apiErr) || !strings.HasPrefix(e.Request.URL.Path, "/api/collections/") {
		return err
	}
	collection, id := e.Request.PathValue("collection"), e.Request.PathValue("id")
	if collection == "" {
		return err
	}
	switch {
	case e.Request.Method == http.MethodPost && id == "" && apiErr.Status == http.StatusBadRequest:
		if dup := Duplicate(collection, apiErr); dup != nil {
			return dup
		}
		if !ruleRefusedCreate(apiErr) {
			return err
		}
		info, infoErr := e.RequestInfo()
		if infoErr != nil {
			return err
		}
		return Create(e.App, info, collection)
	case (e.Request.Method == http.MethodPatch || e.Request.Method == http.MethodDelete) && id != "" && apiErr.Status == http.StatusNotFound:
		record, findErr := e.App.FindRecordById(collection, id)
		if findErr != nil {
			return err
		}
		info, infoErr := e.RequestInfo()
		if infoErr != nil {
			return err
		}
		if e.Request.Method == http.MethodDelete {
			return Delete(e.App, info, record)
		}
		return Update(e.App, info, record)
	}
	return err
}

// Create is the records API's answer when collection's create rule refuses
// what info asks (info.Body: the fields sent, info.Auth: who): a 403 with
// the reason. Sync mutations answer with it too.
func Create(app core.App, info *core.RequestInfo, collection string) *router.ApiError {
	r := request{app: app, info: info, auth: info.Auth, body: info.Body}
	// 403, not PocketBase's 400: the data was fine, the person may
	// not write it (clients and the access matrix tell the two apart).
	return refusal(http.StatusForbidden, explainCreate(collection, r))
}

// Update is the records API's answer when the update rule refuses the
// change info.Body to record: a 403 with the reason if the person may view
// the record, else the plain 404 of a record that does not exist.
func Update(app core.App, info *core.RequestInfo, record *core.Record) *router.ApiError {
	r := request{app: app, info: info, auth: info.Auth, body: info.Body, record: record}
	if !r.canView(record) {
		return notFound() // the person may not know it exists
	}
	return refusal(http.StatusForbidden, explainUpdate(record.Collection().Name, r))
}

// Delete is Update for a refused delete.
func Delete(app core.App, info *core.RequestInfo, record *core.Record) *router.ApiError {
	r := request{app: app, info: info, auth: info.Auth, body: info.Body, record: record}
	if !r.canView(record) {
		return notFound()
	}
	return refusal(http.StatusForbidden, explainDelete(record.Collection().Name, r))
}

// Duplicate is the records API's answer to a create of collection refused
// with apiErr because the person already has one (registration_exists,
// membership_exists), or nil if apiErr is about something else.
func Duplicate(collection string, apiErr *router.ApiError) *router.ApiError {
	if c := duplicateCode(collection, apiErr); c != "" {
		return refusal(http.StatusBadRequest, reason{"request", c})
	}
	return nil
}

// notFound is PocketBase's answer for a record that does not exist.
func notFound() *router.ApiError { return router.NewNotFoundError("", nil) }

// ruleRefusedCreate tells PocketBase's create-rule refusal ("create rule
// failure", no data) from other 400s of a create.
func ruleRefusedCreate(apiErr *router.ApiError) bool {
	raw, _ := apiErr.RawData().(error)
	return len(apiErr.Data) == 0 && raw != nil && strings.Contains(raw.Error(), "create rule failure")
}

// duplicates maps a collection whose unique index makes one record per
// person and thing to the code that says so ("This value is already in
// use", once per column of the index, tells a family nothing).
var duplicates = map[string]string{
	"registrations": "registration_exists",
	"memberships":   "membership_exists",
}

func duplicateCode(collection string, apiErr *router.ApiError) string {
	code := duplicates[collection]
	user, _ := apiErr.Data["user"].(map[string]any)
	if code == "" || user == nil || user["code"] != "validation_not_unique" {
		return ""
	}
	return code
}

func refusal(status int, why reason) *router.ApiError {
	data := map[string]any{why.field: validation.NewError(why.code, why.code)}
	switch status {
	case http.StatusForbidden:
		return router.NewForbiddenError(why.code, data)
	case http.StatusBadRequest:
		return router.NewBadRequestError(why.code, data)
	}
	return router.NewApiError(status, why.code, data)
}
