package announcements_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
)

func uuid() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// mutate sends one mutation as a phone does, in Italian, and returns its outcome.
func mutate(t *testing.T, app *tests.TestApp, token, name string, args map[string]any) mutations.Outcome {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body:   map[string]any{"mutations": []map[string]any{{"id": uuid(), "name": name, "args": args}}},
		Header: map[string]string{"Accept-Language": "it"}})
	var r struct{ Results []mutations.Outcome }
	res.JSON(t, &r)
	if res.Status != http.StatusOK || len(r.Results) != 1 {
		t.Fatalf("push: %d %s", res.Status, res.Body)
	}
	return r.Results[0]
}

func it(s string) map[string]string { return map[string]string{"it": s} }

// post is staff posting through the mutation; it returns the new id.
func post(t *testing.T, app *tests.TestApp, group, title string) string {
	t.Helper()
	id := core.GenerateDefaultRandomId()
	out := mutate(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "post_announcement",
		map[string]any{"announcement": id, "group": group, "title": it(title), "body": it("Testo di " + title)})
	if out.Status != "applied" {
		t.Fatalf("post %q: %+v", title, out.Error)
	}
	return id
}

// feed is a full pull (cursor 0: a snapshot) or the changes after cursor:
// the body as the phone receives it, and the next cursor.
func feed(t *testing.T, app *tests.TestApp, token string, cursor int64) (string, int64) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?limit=1000&cursor=" + strconv.FormatInt(cursor, 10), Token: token})
	if res.Status != http.StatusOK {
		t.Fatalf("pull: %d %s", res.Status, res.Body)
	}
	var page struct {
		Cursor int64 `json:"cursor"`
	}
	res.JSON(t, &page)
	return string(res.Body), page.Cursor
}

// listed is whether the records API lists the announcement to token.
func listed(t *testing.T, app *tests.TestApp, token, id string) bool {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/announcements/records?perPage=500", Token: token})
	var page struct{ Items []struct{ ID string } }
	res.JSON(t, &page)
	for _, item := range page.Items {
		if item.ID == id {
			return true
		}
	}
	return false
}

func count(t *testing.T, app core.App, collection string) int {
	t.Helper()
	n, err := app.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
