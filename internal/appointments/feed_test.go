package appointments_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

type change struct {
	Op, Collection, ID string
	Record             map[string]any
}

type page struct {
	Cursor  int64
	Changes []change
}

// pullFrom reads GET /api/hub/sync as token from a cursor (-1: a snapshot).
func pullFrom(t *testing.T, app *tests.TestApp, token string, cursor int64) page {
	t.Helper()
	url := "/api/hub/sync?limit=2000"
	if cursor >= 0 {
		url += fmt.Sprintf("&cursor=%d", cursor)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
	if res.Status != http.StatusOK {
		t.Fatalf("sync: %d %s", res.Status, res.Body)
	}
	var p page
	res.JSON(t, &p)
	return p
}

// mutate sends one mutation and fails unless it is applied.
func mutate(t *testing.T, app *tests.TestApp, token, name string, args map[string]any) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body: map[string]any{"mutations": []map[string]any{{"id": hubtest.MutationID(), "name": name, "args": args}}}})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"status":"applied"`) {
		t.Fatalf("%s: %d %s", name, res.Status, res.Body)
	}
}

// Only the family that asked and staff ever hear of a request in the sync
// feed: another family, an association member, a mediator and a guest get
// no row about it (no put, no tombstone) while the family asks, staff
// propose (propose_appointment, from the queue), the family confirms and
// then deletes it, nor in a snapshot; the family and staff see every step,
// and the family the tombstone.
func TestOnlyTheFamilyAndStaffHearOfARequest(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := func(email string) string {
		if email == "" {
			return ""
		}
		return hubtest.Token(t, app, "users", email)
	}
	outsiders := []string{hubtest.OtherFamilyEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail, ""}
	from := map[string]int64{}
	for _, email := range append(outsiders, hubtest.FamilyEmail, hubtest.StaffEmail) {
		from[email] = pullFrom(t, app, token(email), -1).Cursor
	}

	id := core.GenerateDefaultRandomId()
	family := token(hubtest.FamilyEmail)
	mutate(t, app, family, "request_appointment", map[string]any{"appointment": id, "topic": "parenting_consultation",
		"preferred_days": []string{"2"}, "preferred_parts": []string{"morning"}, "message": "Segreto di famiglia",
		"contact_method": "phone", "contact_phone": "333 1234567"})
	// staff propose from the queue (/staff/appointments): the mutation
	mutate(t, app, token(hubtest.StaffEmail), "propose_appointment", map[string]any{"appointment": id,
		"at": time.Now().Add(240 * time.Hour).UTC().Format(time.RFC3339), "place": hubtest.BySlug(t, app, "places", "hug-sede-principale").Id})

	seen := func(email string, cursor int64) (ops []string) {
		for _, c := range pullFrom(t, app, token(email), cursor).Changes {
			if c.ID == id {
				status, _ := c.Record["status"].(string)
				ops = append(ops, c.Op+":"+status)
			}
		}
		return ops
	}
	if got := strings.Join(seen(hubtest.FamilyEmail, from[hubtest.FamilyEmail]), " "); got != "put:proposed" {
		t.Errorf("the family's feed: %q, want the proposal", got)
	}
	if got := strings.Join(seen(hubtest.StaffEmail, from[hubtest.StaffEmail]), " "); got != "put:proposed" {
		t.Errorf("staff's feed: %q", got)
	}
	mutate(t, app, family, "confirm_appointment", map[string]any{"appointment": id})
	if got := strings.Join(seen(hubtest.FamilyEmail, from[hubtest.FamilyEmail]), " "); got != "put:confirmed" {
		t.Errorf("the family's feed after confirming: %q", got)
	}
	for _, email := range outsiders {
		if ops := seen(email, -1); len(ops) > 0 {
			t.Errorf("%q's snapshot holds the request: %v", email, ops)
		}
	}
	mutate(t, app, family, "delete_appointment", map[string]any{"appointment": id})
	if got := strings.Join(seen(hubtest.FamilyEmail, from[hubtest.FamilyEmail]), " "); got != "delete:" {
		t.Errorf("the family's feed after deleting: %q, want a tombstone", got)
	}
	for _, email := range outsiders {
		if ops := seen(email, from[email]); len(ops) > 0 {
			t.Errorf("%q's feed named the request: %v", email, ops)
		}
		if ops := seen(email, 0); len(ops) > 0 {
			t.Errorf("%q's feed from 0 named the request: %v", email, ops)
		}
	}
}
