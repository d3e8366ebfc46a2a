package mutations_test

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations/durability"
)

// THE SIGKILL TEST. The real binary (built here with the crash points of
// crash_on.go) is killed by SIGKILL right after a mutation's transaction
// commits and before any answer is written; the phone sees a lost answer.
// Restarted on the same data dir, the hub has the change; the phone sends
// the mutation again and gets the stored outcome (replayed); it is applied
// once.
func TestSIGKILLBetweenCommitAndResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the hub binary")
	}
	bin, err := durability.Build(hubtest.Root(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := durability.NewServer(bin, hubtest.Root(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		srv.Log = os.Stderr
	}
	id, reg := hubtest.MutationID(), core.GenerateDefaultRandomId()
	if err := srv.Start("HUG_CRASH_AFTER_COMMIT=" + id); err != nil {
		t.Fatal(err)
	}
	defer srv.Kill()
	phone, userID, err := durability.SignIn(srv.URL(), "famiglia@hug.test", "famiglia-demo-2026")
	if err != nil {
		t.Fatal(err)
	}
	open, err := durability.OpenActivities(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	// an activity the demo family has not registered for
	var activity string
	for _, a := range open {
		if countMine(t, phone, a, userID) == 0 {
			activity = a
			break
		}
	}
	batch := []durability.Mutation{
		{ID: hubtest.MutationID(), Name: "set_language", Args: map[string]any{"language": "ro"}},
		{ID: id, Name: "register", Args: map[string]any{"registration": reg, "activity": activity, "adults": 1, "children": 1}},
	}
	if _, status, err := phone.Push(batch); err == nil {
		t.Fatalf("the answer arrived (%d): the hub did not die between commit and response", status)
	}
	if killed, err := srv.Wait(10 * time.Second); err != nil || !killed {
		t.Fatalf("the hub was not killed by SIGKILL: %v", err)
	}

	if err := srv.Start(); err != nil { // same data dir, no crash point
		t.Fatal(err)
	}
	mine := func() int { return countMine(t, phone, activity, userID) }
	if n := mine(); n != 1 {
		t.Fatalf("after the restart: %d registrations, want the committed one", n)
	}
	for i := 0; i < 3; i++ {
		outcomes, status, err := phone.Push(batch)
		if err != nil || status != http.StatusOK || len(outcomes) != 2 {
			t.Fatalf("resend %d: %d %v %v", i, status, err, outcomes)
		}
		for _, o := range outcomes {
			if o.Status != "applied" || !o.Replayed {
				t.Errorf("resend %d: %+v %+v, want the stored outcome", i, o, o.Error)
			}
		}
	}
	if n := mine(); n != 1 {
		t.Errorf("%d registrations after the resends", n)
	}
}

// countMine counts the person's registrations for an activity, through the
// records API.
func countMine(t *testing.T, phone *durability.Client, activity, userID string) int {
	t.Helper()
	var list struct {
		Items []struct{ ID, Activity, User string }
	}
	if status, err := phone.Do(http.MethodGet, "/api/collections/registrations/records?perPage=500", nil, &list); err != nil || status != 200 {
		t.Fatalf("listing: %d %v", status, err)
	}
	n := 0
	for _, r := range list.Items {
		if r.Activity == activity && r.User == userID {
			n++
		}
	}
	return n
}
