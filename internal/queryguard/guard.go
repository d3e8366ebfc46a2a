package queryguard

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// The query parameters through which a client names fields.
var params = []string{"filter", "sort", "expand", "fields"}

// authEndpoints answer {token, record, meta} and accept expand and fields.
var authEndpoints = map[string]bool{
	"auth-refresh": true, "auth-with-password": true, "auth-with-otp": true, "auth-with-oauth2": true, "impersonate": true,
}

// keysOnlyEndpoints answer data about the collection, not records: `fields`
// there only picks among the answer's own keys (the admin UI's sign-in asks
// auth-methods?fields=mfa,otp,password,oauth2), so it names no record field.
var keysOnlyEndpoints = map[string]bool{"auth-methods": true}

// RoleOf is the guard's role for an authenticated record (nil: a guest);
// exempt is true for superusers, who see everything anyway.
func RoleOf(auth *core.Record) (role Role, exempt bool) {
	switch {
	case auth == nil:
		return Anonymous, false
	case auth.IsSuperuser():
		return "", true
	case auth.Collection().Name != "users":
		return Anonymous, false
	}
	switch auth.GetString("role") {
	case vocab.RoleStaff:
		return Staff, false
	case vocab.RoleMediator:
		return Mediator, false
	case vocab.RoleAssociation:
		return Association, false
	}
	return Family, false // a signed-in person with no other role
}

// CheckQuery checks the filter, sort, expand and fields of a request on
// collection (every value of each, not only the first PocketBase reads).
// authResponse is for the endpoints that answer {token, record, meta}.
// Superusers pass. A hub endpoint that accepts client expressions calls it.
func CheckQuery(app core.App, auth *core.Record, collection *core.Collection, query url.Values, authResponse bool) error {
	role, exempt := RoleOf(auth)
	if exempt {
		return nil
	}
	c := checker{app: app, role: role}
	for _, param := range params {
		for _, value := range query[param] {
			if value == "" {
				continue
			}
			var err error
			switch param {
			case "filter":
				err = c.filter(collection, value)
			case "sort":
				err = c.sort(collection, value)
			case "expand":
				err = c.expand(collection, value)
			case "fields":
				err = c.fields(collection, value, authResponse)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// guard is the middleware: it checks every record, auth and batch request
// and every realtime subscription before PocketBase runs it.
func guard(e *core.RequestEvent) error {
	if _, exempt := RoleOf(e.Auth); exempt {
		return e.Next()
	}
	var err error
	switch path := e.Request.URL.Path; {
	case strings.HasPrefix(path, "/api/collections/"):
		err = checkCollectionRequest(e.App, e.Auth, path, e.Request.URL.Query())
	case path == "/api/realtime" && e.Request.Method == http.MethodPost:
		err = checkSubscriptions(e)
	case path == "/api/batch" && e.Request.Method == http.MethodPost:
		err = checkBatch(e)
	}
	if err != nil {
		return refuse(e, err)
	}
	return e.Next()
}

// checkCollectionRequest checks /api/collections/{collection}/{endpoint}...
func checkCollectionRequest(app core.App, auth *core.Record, path string, query url.Values) error {
	parts := strings.Split(strings.TrimPrefix(path, "/api/collections/"), "/")
	named := false
	for _, p := range params {
		named = named || len(query[p]) > 0
	}
	if len(parts) < 2 || !named {
		return nil // the collections API itself is for superusers only
	}
	collection, err := app.FindCachedCollectionByNameOrId(parts[0])
	if err != nil {
		return nil // PocketBase answers 404
	}
	switch endpoint := parts[1]; {
	case endpoint == "records":
		return CheckQuery(app, auth, collection, query, false)
	case authEndpoints[endpoint]:
		return CheckQuery(app, auth, collection, query, true)
	}
	for _, p := range params { // an endpoint that takes no expressions gets none
		if p == "fields" && keysOnlyEndpoints[parts[1]] {
			continue
		}
		if v := query.Get(p); v != "" {
			return &refusal{p, v}
		}
	}
	return nil
}

// checkBatch checks the URLs of a batch's requests (the batch API is off;
// its sub-requests do not pass through the router's middlewares).
func checkBatch(e *core.RequestEvent) error {
	var body struct {
		Requests []struct {
			URL string `json:"url"`
		} `json:"requests"`
	}
	if err := e.BindBody(&body); err != nil {
		return nil // PocketBase refuses an unreadable body itself
	}
	for _, r := range body.Requests {
		u, err := url.Parse(r.URL)
		if err != nil {
			return &refusal{"requests", r.URL}
		}
		if err := checkCollectionRequest(e.App, e.Auth, u.Path, u.Query()); err != nil {
			return err
		}
	}
	return nil
}

// refuse answers 400 with a stable code that names the refused field.
func refuse(e *core.RequestEvent, err error) error {
	var r *refusal
	if !errors.As(err, &r) {
		return err
	}
	return e.BadRequestError("", validation.Errors{
		r.param: validation.NewError("query_field_not_allowed", "You can't search, sort or expand by this here.").
			SetParams(map[string]any{"field": r.field}),
	})
}
