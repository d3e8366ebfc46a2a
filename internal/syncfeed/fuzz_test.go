package syncfeed_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/syncfeed"
)

// FuzzSyncCursor: whatever a client puts in cursor and limit, the feed
// answers 200 with a well-formed page (never more changes than the limit
// outside a snapshot, a cursor that does not go back) or 400 with a stable
// code; never a server error. Seeds: testdata/fuzz/FuzzSyncCursor; it runs
// over them in every `go test`, and explores with
// `go test -fuzz=FuzzSyncCursor ./internal/syncfeed`.
func FuzzSyncCursor(f *testing.F) {
	app := hubtest.NewApp(f)
	app.Settings().RateLimits.Enabled = false
	token := "" // a guest: no reset rows, so low cursors page through the seed's public rows
	f.Add("0", "1")
	f.Fuzz(func(t *testing.T, cursor, limit string) {
		q := url.Values{"cursor": {cursor}, "limit": {limit}}
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?" + q.Encode(), Token: token})
		switch res.Status {
		case http.StatusOK:
			var p pulled
			if err := json.Unmarshal(res.Body, &p); err != nil {
				t.Fatalf("200 with a body that is not a page: %v", err)
			}
			n, err := strconv.Atoi(limit)
			if limit == "" || err != nil {
				n = syncfeed.DefaultLimit
			}
			n = min(n, syncfeed.MaxLimit)
			if !p.Reset && len(p.Changes) > n {
				t.Errorf("limit %q: %d changes", limit, len(p.Changes))
			}
			if c, err := strconv.ParseInt(cursor, 10, 64); err == nil && !p.Reset && p.Cursor < c {
				t.Errorf("cursor went back: %d -> %d", c, p.Cursor)
			}
		case http.StatusBadRequest:
			var body struct {
				Data map[string]struct{ Code string } `json:"data"`
			}
			json.Unmarshal(res.Body, &body)
			if body.Data["cursor"].Code != "sync_bad_cursor" && body.Data["limit"].Code != "sync_bad_limit" {
				t.Errorf("400 without a stable code: %s", res.Body)
			}
		default:
			t.Fatalf("cursor %q limit %q: %d %s", cursor, limit, res.Status, res.Body)
		}
	})
}
