package syncfeed

import (
	"net/url"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Page sizes of a pull: rows of the change log read per response.
const (
	DefaultLimit = 500
	MaxLimit     = 2000
)

// pullRequest is what a pull asks for: changes after cursor (none: a
// snapshot), at most limit rows.
type pullRequest struct {
	hasCursor bool
	cursor    int64
	limit     int
}

// readPullRequest reads cursor and limit; anything else in the query is
// ignored (see keepOnlyOwnParams).
func readPullRequest(q url.Values) (pullRequest, error) {
	req := pullRequest{limit: DefaultLimit}
	if raw := q.Get("cursor"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			return req, badRequest("cursor", "sync_bad_cursor")
		}
		req.hasCursor, req.cursor = true, n
	}
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return req, badRequest("limit", "sync_bad_limit")
		}
		req.limit = min(n, MaxLimit)
	}
	return req, nil
}

// badRequest carries a stable code on the field it is about; internal/i18n
// puts it in the caller's language.
func badRequest(field, code string) error {
	return router.NewBadRequestError(code, map[string]any{field: validation.NewError(code, code)})
}

// ownParams are the only query parameters a pull reads.
var ownParams = []string{"cursor", "limit", "lang", "langs"}

// keepOnlyOwnParams drops every other query parameter before PocketBase's
// helpers see the request: the feed takes no client expressions (no
// filter, sort, expand or fields reach EnrichRecords or the JSON writer),
// so the allowlist guard (internal/queryguard) has nothing to check here.
func keepOnlyOwnParams(e *core.RequestEvent) {
	q := e.Request.URL.Query()
	kept := url.Values{}
	for _, p := range ownParams {
		if v, ok := q[p]; ok {
			kept[p] = v
		}
	}
	e.Request.URL.RawQuery = kept.Encode()
	if info, err := e.RequestInfo(); err == nil {
		for k := range info.Query {
			if _, ok := kept[k]; !ok {
				delete(info.Query, k)
			}
		}
	}
}
