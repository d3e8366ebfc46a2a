package syncfeed

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/reading"
)

// change is one entry of a pull: a put with the record as the records API
// would return it to the caller, or a delete with only collection and id.
type change struct {
	Op         string       `json:"op"`
	Collection string       `json:"collection"`
	ID         string       `json:"id"`
	Record     *core.Record `json:"record,omitempty"`
}

// pullResponse is the body of GET /api/hub/sync (docs/SYNC.md).
type pullResponse struct {
	Cursor  int64    `json:"cursor"`
	Reset   bool     `json:"reset"`
	More    bool     `json:"more"`
	Changes []change `json:"changes"`
}

// handlePull answers GET /api/hub/sync?cursor=N&limit=M: the changes after
// N the caller may see, or a snapshot when N cannot be served change by
// change (none, below the retained floor, from the future, or a reset row
// for the caller after it).
func handlePull(e *core.RequestEvent) error {
	req, err := readPullRequest(e.Request.URL.Query())
	if err != nil {
		return err
	}
	keepOnlyOwnParams(e)
	e.Response.Header().Set("Cache-Control", "no-store")

	reader, err := changelog.ReaderOf(e.App, e.Auth)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if reset, err := needsReset(e.App, reader, req); err != nil {
		return e.InternalServerError("", err)
	} else if reset {
		return snapshot(e)
	}

	rows, more, err := changelog.Page(e.App, reader, req.cursor, req.limit)
	if err != nil {
		return e.InternalServerError("", err)
	}
	res := pullResponse{Cursor: req.cursor, More: more, Changes: []change{}}
	if len(rows) > 0 {
		res.Cursor = rows[len(rows)-1].Seq
	}
	res.Changes, err = changesOf(e, rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	forTheReader(e, res.Changes)
	return e.JSON(http.StatusOK, res)
}

func needsReset(app core.App, reader changelog.Reader, req pullRequest) (bool, error) {
	if !req.hasCursor {
		return true, nil
	}
	floor, err := changelog.Floor(app)
	if err != nil {
		return false, err
	}
	latest, err := changelog.Latest(app)
	if err != nil {
		return false, err
	}
	if req.cursor < floor || req.cursor > latest {
		return true, nil
	}
	return changelog.ResetSince(app, reader, req.cursor)
}

// changesOf names each record once, in the order of its latest row, and
// loads each collection's records under its list rule in one query.
func changesOf(e *core.RequestEvent, rows []changelog.Row) ([]change, error) {
	type key struct{ collection, id string }
	last := map[key]int{}
	for i, r := range rows {
		last[key{r.Collection, r.RecordID}] = i
	}
	ids := map[string][]string{}
	var order []key
	for i, r := range rows {
		k := key{r.Collection, r.RecordID}
		if last[k] != i {
			continue
		}
		order = append(order, k)
		ids[r.Collection] = append(ids[r.Collection], r.RecordID)
	}
	found := map[key]*core.Record{}
	for name, list := range ids {
		collection, err := e.App.FindCachedCollectionByNameOrId(name)
		if err != nil {
			continue // a collection dropped since: its records are gone
		}
		records, err := Visible(e, collection, list)
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			found[key{name, r.Id}] = r
		}
	}
	out := make([]change, 0, len(order))
	for _, k := range order {
		if r, ok := found[k]; ok {
			out = append(out, change{Op: "put", Collection: k.collection, ID: k.id, Record: r})
		} else {
			out = append(out, change{Op: "delete", Collection: k.collection, ID: k.id})
		}
	}
	return out, nil
}

// snapshot is everything the caller may list in every synced collection,
// with the cursor read before it: changes committed while it is read come
// again in the next pull (a put is idempotent), none is missed.
func snapshot(e *core.RequestEvent) error {
	cursor, err := changelog.Latest(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	res := pullResponse{Cursor: cursor, Reset: true, Changes: []change{}}
	for _, name := range changelog.Collections(e.App) {
		collection, err := e.App.FindCachedCollectionByNameOrId(name)
		if err != nil {
			return e.InternalServerError("", err)
		}
		records, err := Visible(e, collection, nil)
		if err != nil {
			return e.InternalServerError("", err)
		}
		for _, r := range records {
			res.Changes = append(res.Changes, change{Op: "put", Collection: name, ID: r.Id, Record: r})
		}
	}
	forTheReader(e, res.Changes)
	return e.JSON(http.StatusOK, res)
}

// forTheReader cuts the texts of each put to the caller's reading chain and
// each field's original (internal/reading), so a phone does not download
// nine languages; staff and mediators get every language (they edit). The
// chain comes from the person's profile, else the phone's `langs`, else
// Accept-Language; a change of a person's chain resets their feed
// (reading.MustRegister), and the PWA pulls a snapshot when its guest chain
// changes.
func forTheReader(e *core.RequestEvent, changes []change) {
	chain, all := reading.Chain(e.Auth, e.Request)
	if all {
		return
	}
	for _, c := range changes {
		if c.Record != nil {
			reading.Prune(c.Record, chain)
		}
	}
}
