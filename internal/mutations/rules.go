package mutations

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/refusals"
)

// Call is one mutation being applied.
type Call struct {
	// App is the mutation's own transaction: everything the mutation
	// writes, and its stored outcome, commit together.
	App core.App
	// Auth is who sent it (a "users" record).
	Auth *core.Record

	event *core.RequestEvent
}

// info is the request the records API would have received for the same
// write: the caller and the fields sent.
func (c *Call) info(method string, body map[string]any) *core.RequestInfo {
	return &core.RequestInfo{
		Context: core.RequestInfoContextDefault,
		Method:  method,
		Auth:    c.Auth,
		Body:    body,
		Query:   map[string]string{},
		Headers: map[string]string{},
	}
}

// Find loads a record a mutation names; one that does not exist is the
// records API's 404.
func (c *Call) Find(collection, id string) (*core.Record, error) {
	record, err := c.App.FindRecordById(collection, id)
	if err != nil {
		return nil, router.NewNotFoundError("", nil)
	}
	return record, nil
}

// AllowCreate checks a new record against its collection's create rule for
// the caller, with PocketBase's own rule evaluation (CanCreate), body being
// the fields the records API would have received. A refusal is the records
// API's: the same status, code and field (internal/refusals).
func (c *Call) AllowCreate(record *core.Record, body map[string]any) error {
	info := c.info(http.MethodPost, body)
	ok, err := CanCreate(c.App, record, info)
	if err != nil {
		return err
	}
	if !ok {
		return refusals.Create(c.App, info, record.Collection().Name)
	}
	return nil
}

// AllowUpdate checks a change (body) to a stored record against the
// collection's update rule for the caller, as the records API does; a
// record the caller may not view is "not found".
func (c *Call) AllowUpdate(record *core.Record, body map[string]any) error {
	info := c.info(http.MethodPatch, body)
	ok, err := c.App.CanAccessRecord(record, info, record.Collection().UpdateRule)
	if err != nil {
		return err
	}
	if !ok {
		return refusals.Update(c.App, info, record)
	}
	return nil
}

// AllowDelete checks a delete against the collection's delete rule.
func (c *Call) AllowDelete(record *core.Record) error {
	info := c.info(http.MethodDelete, map[string]any{})
	ok, err := c.App.CanAccessRecord(record, info, record.Collection().DeleteRule)
	if err != nil {
		return err
	}
	if !ok {
		return refusals.Delete(c.App, info, record)
	}
	return nil
}

// CanCreate reports whether info (its Auth and Body) may create record
// under its collection's create rule, evaluated as PocketBase's records API
// does (apis/record_crud.go recordCreate, which keeps this unexported): the
// record's values become a one-row CTE named like the collection, and the
// rule filters it. app may be a transaction: the rule then sees what the
// transaction wrote. Superusers may create anything; a nil rule is for
// superusers only.
func CanCreate(app core.App, record *core.Record, info *core.RequestInfo) (bool, error) {
	collection := record.Collection()
	if info.HasSuperuserAuth() {
		return true, nil
	}
	if collection.CreateRule == nil {
		return false, nil
	}
	if *collection.CreateRule == "" {
		return true, nil
	}

	dummy := record.Clone()
	random := "__pb_create__" + security.PseudorandomString(6)
	if dummy.Id == "" {
		dummy.Id = "__temp_id__" + random
	}
	if collection.IsAuth() {
		dummy.SetVerified(false) // as PocketBase: a rule must not rely on it
	}
	export, err := dummy.DBExport(app)
	if err != nil {
		return false, fmt.Errorf("create rule: %w", err)
	}
	params := make(dbx.Params, len(export))
	selects := make([]string, 0, len(export))
	for k, v := range export {
		k = inflector.Columnify(k)
		param := "__pb_create__" + k
		params[param] = v
		selects = append(selects, "{:"+param+"} AS [["+k+"]]")
	}
	dummyCollection := *collection
	dummyCollection.Id += random
	dummyCollection.Name += inflector.Columnify(random)

	query := app.DB().Select("(1)").
		PreFragment(fmt.Sprintf("WITH {{%s}} as (SELECT %s)", dummyCollection.Name, strings.Join(selects, ","))).
		From(dummyCollection.Name).AndBind(params)
	resolver := core.NewRecordFieldResolver(app, &dummyCollection, info, true)
	expr, err := search.FilterData(*dummyCollection.CreateRule).BuildExpr(resolver)
	if err != nil {
		return false, fmt.Errorf("create rule: %w", err)
	}
	query.AndWhere(expr)
	if err := resolver.UpdateQuery(query); err != nil {
		return false, fmt.Errorf("create rule: %w", err)
	}
	var exists int
	err = query.Limit(1).Row(&exists)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // no row: the rule refused
	}
	if err != nil {
		return false, err // a database failure is not a refusal: the phone retries
	}
	return exists == 1, nil
}

// recordID is PocketBase's id format, which ids made on the phone follow.
var recordID = regexp.MustCompile(`^[a-z0-9]{15}$`)

// checkRecordID refuses an id that is not in PocketBase's format.
func checkRecordID(field, id string) error {
	if !recordID.MatchString(id) {
		return validation.Errors{field: validation.NewError(CodeBadRecordID, "An id made on the phone has 15 letters a-z or digits.")}
	}
	return nil
}

// Save saves record as the records API's form does, and answers its
// validation errors as the records API does (a 400 with the fields marked;
// a second registration or membership of the same person is
// registration_exists or membership_exists).
func (c *Call) Save(record *core.Record) error {
	multitext.SetActor(record, c.Auth) // who wrote its texts (the provenance)
	err := c.App.Save(record)
	var fields validation.Errors
	if err == nil || !errors.As(err, &fields) {
		return err
	}
	if !record.IsNew() {
		return router.NewBadRequestError("Failed to update record.", err)
	}
	apiErr := router.NewBadRequestError("Failed to create record", err)
	if dup := refusals.Duplicate(record.Collection().Name, apiErr); dup != nil {
		return dup
	}
	return apiErr
}
