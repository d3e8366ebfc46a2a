package groups_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

// Staff and the operator (superuser) add a family to a group "by approval"
// directly: both are staff (vocab.IsStaff), as in every other package.
func TestStaffAndSuperusersAddMembersDirectly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := hubtest.BySlug(t, app, "groups", "soresina")
	for _, who := range []struct{ collection, email string }{
		{"users", hubtest.StaffEmail}, {core.CollectionNameSuperusers, hubtest.SuperuserEmail},
	} {
		family := hubtest.NewUser(t, app, "aggiunta."+who.collection+"@hug.test", "family")
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/memberships/records",
			Token: hubtest.Token(t, app, who.collection, who.email), Body: map[string]any{"group": group.Id, "user": family.Id}})
		var m struct{ Status string }
		res.JSON(t, &m)
		if res.Status != http.StatusOK || m.Status != "active" {
			t.Errorf("%s: %d %s", who.email, res.Status, res.Body)
		}
	}
}
