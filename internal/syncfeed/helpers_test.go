package syncfeed_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/reading"
)

// role is one person of the access-matrix fixtures (internal/hubtest).
type role struct {
	name, collection, email string
}

var roles = []role{
	{"guest", "", ""},
	{"family", "users", hubtest.FamilyEmail},
	{"other family", "users", hubtest.OtherFamilyEmail},
	{"association", "users", hubtest.NewAssocEmail},
	{"verified association", "users", hubtest.VerifiedEmail},
	{"mediator", "users", hubtest.MediatorEmail},
	{"staff", "users", hubtest.StaffEmail},
	{"superuser", core.CollectionNameSuperusers, hubtest.SuperuserEmail},
}

func (r role) token(t testing.TB, app core.App) string {
	if r.email == "" {
		return ""
	}
	return hubtest.Token(t, app, r.collection, r.email)
}

// pulled is one response of the feed.
type pulled struct {
	Cursor  int64 `json:"cursor"`
	Reset   bool  `json:"reset"`
	More    bool  `json:"more"`
	Changes []struct {
		Op         string         `json:"op"`
		Collection string         `json:"collection"`
		ID         string         `json:"id"`
		Record     map[string]any `json:"record"`
	} `json:"changes"`
}

// pull asks the feed once; cursor < 0 means no cursor.
func pull(t testing.TB, app *tests.TestApp, token string, cursor int64, limit int) pulled {
	t.Helper()
	url := "/api/hub/sync"
	sep := "?"
	if cursor >= 0 {
		url += sep + "cursor=" + strconv.FormatInt(cursor, 10)
		sep = "&"
	}
	if limit > 0 {
		url += sep + "limit=" + strconv.Itoa(limit)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.Status, res.Body)
	}
	var p pulled
	res.JSON(t, &p)
	return p
}

// phone is what a phone holds after pulling: collection -> id -> record.
type phone struct {
	cursor  int64 // -1: never pulled
	records map[string]map[string]map[string]any
	resets  int
	seen    map[string]bool // every "collection/id" any change named
}

func newPhone() *phone {
	return &phone{cursor: -1, records: map[string]map[string]map[string]any{}, seen: map[string]bool{}}
}

// apply applies one response as docs/SYNC.md tells the phone to.
func (p *phone) apply(res pulled) {
	if res.Reset {
		p.records = map[string]map[string]map[string]any{}
		p.resets++
	}
	for _, c := range res.Changes {
		p.seen[c.Collection+"/"+c.ID] = true
		switch c.Op {
		case "put":
			if p.records[c.Collection] == nil {
				p.records[c.Collection] = map[string]map[string]any{}
			}
			p.records[c.Collection][c.ID] = c.Record
		case "delete":
			delete(p.records[c.Collection], c.ID)
		}
	}
	p.cursor = res.Cursor
}

// sync pulls until the feed has no more, with pages of limit rows.
func (p *phone) sync(t testing.TB, app *tests.TestApp, token string, limit int) {
	t.Helper()
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("the feed never ends")
		}
		res := pull(t, app, token, p.cursor, limit)
		p.apply(res)
		if !res.More {
			return
		}
	}
}

// listAll is what token can list of collection through the records API,
// every page, as the records API returns it.
func listAll(t testing.TB, app *tests.TestApp, token, collection string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for page := 1; ; page++ {
		url := fmt.Sprintf("/api/collections/%s/records?perPage=1000&page=%d", collection, page)
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
		if res.Status == http.StatusForbidden {
			return out // superusers only: nothing to list
		}
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", url, res.Status, res.Body)
		}
		var list struct {
			Items      []map[string]any `json:"items"`
			TotalPages int              `json:"totalPages"`
		}
		res.JSON(t, &list)
		// The feed cuts texts to the reader's chain (internal/reading):
		// the records API's answer, cut the same way, is what it must equal.
		var auth *core.Record
		if token != "" {
			auth, _ = app.FindAuthRecordByToken(token, core.TokenTypeAuth)
		}
		chain, all := reading.Chain(auth, nil)
		for _, item := range list.Items {
			if !all {
				reading.PruneMap(collection, item, chain)
			}
			out[item["id"].(string)] = item
		}
		if page >= list.TotalPages {
			return out
		}
	}
}

// same compares two record sets by id and content.
func same(a, b map[string]map[string]any) (string, bool) {
	for id, ra := range a {
		rb, ok := b[id]
		if !ok {
			return "only in the first: " + id, false
		}
		ja, _ := json.Marshal(ra)
		jb, _ := json.Marshal(rb)
		if string(ja) != string(jb) {
			return fmt.Sprintf("%s differs:\n  %s\n  %s", id, ja, jb), false
		}
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			return "only in the second: " + id, false
		}
	}
	return "", true
}

func mustFind(t testing.TB, app core.App, email string) *core.Record {
	t.Helper()
	r, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustSave(t testing.TB, app core.App, r *core.Record) {
	t.Helper()
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", r.Collection().Name, err)
	}
}

func newRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(data)
	return r
}
