package announcements_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

func it(s string) map[string]string { return map[string]string{"it": s} }

// post is staff posting through the mutation; it returns the new id.
func post(t *testing.T, app *tests.TestApp, group, title string) string {
	t.Helper()
	id := core.GenerateDefaultRandomId()
	out := hubtest.Mutate(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "it", "post_announcement",
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
