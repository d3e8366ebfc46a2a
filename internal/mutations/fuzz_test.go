package mutations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// FuzzMutationsBody sends any bytes as a batch: the hub answers a batch
// (one outcome per mutation) or a 400/413 refusal, never a server error,
// and an outcome is applied or rejected with a code and a message.
// Seeds: testdata/fuzz/FuzzMutationsBody (run as a plain test by go test).
func FuzzMutationsBody(f *testing.F) {
	app := hubtest.NewApp(f)
	defer app.Cleanup()
	token := hubtest.Token(f, app, "users", hubtest.FamilyEmail)
	// the fuzzer sends thousands of requests a second: rate limits are
	// tested on their own (TestAPhoneReplayingItsQueueIsNotRefused)
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	if err := app.Save(settings); err != nil {
		f.Fatal(err)
	}
	f.Add(`{"mutations":[{"id":"6f1c1e0a-0000-4000-8000-000000000001","name":"set_language","args":{"language":"ar"}}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
			Body: strings.NewReader(body), Header: map[string]string{"Content-Type": "application/json"}})
		switch res.Status {
		case http.StatusOK:
			var batch struct{ Mutations []json.RawMessage }
			var r response
			res.JSON(t, &r)
			if json.Unmarshal([]byte(body), &batch) == nil && len(r.Results) != len(batch.Mutations) {
				t.Fatalf("%d outcomes for %d mutations: %s", len(r.Results), len(batch.Mutations), res.Body)
			}
			for _, o := range r.Results {
				if o.Status == "rejected" && (o.Error == nil || o.Error.Code == "" || o.Error.Message == "") {
					t.Fatalf("rejection without a code or message: %s", res.Body)
				}
				if o.Status != "applied" && o.Status != "rejected" {
					t.Fatalf("outcome %q", o.Status)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var e struct {
				Message string
				Data    map[string]any
			}
			res.JSON(t, &e)
			if e.Message == "" {
				t.Fatalf("refusal without a message: %s", res.Body)
			}
		default:
			t.Fatalf("%d %s for %q", res.Status, res.Body, body)
		}
	})
}
