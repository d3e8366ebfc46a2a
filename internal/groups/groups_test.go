package groups_test

import (
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// Joining the open "0-6 anni" group is immediate; Soresina waits for staff,
// whatever status the phone asks for.
func TestJoiningOpenAndByApprovalGroups(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	user := hubtest.NewUser(t, app, "nuova@hug.test", "family")
	token := hubtest.Token(t, app, "users", user.Email())

	for slug, want := range map[string]string{"0-6-anni": "active", "soresina": "pending"} {
		group := hubtest.BySlug(t, app, "groups", slug)
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/memberships/records", Token: token,
			Body: map[string]any{"group": group.Id, "user": user.Id, "status": "active"}})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", slug, res.Status, res.Body)
		}
		var m struct{ Status string }
		res.JSON(t, &m)
		if m.Status != want {
			t.Errorf("%s: status %s, want %s", slug, m.Status, want)
		}
	}
}
