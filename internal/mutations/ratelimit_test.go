package mutations_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// With the hub's rate limits (pb_migrations), a phone replaying an offline
// queue of 1,000 mutations (10 batches) while 100 phones behind the same
// address push theirs is never refused, even when other requests of those
// phones have used up the address's shared "/api/" budget (GET /api/health
// stands for them): pushes have a budget of their own.
func TestAPhoneReplayingItsQueueIsNotRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	if !app.Settings().RateLimits.Enabled {
		t.Fatal("rate limits are off: this test would prove nothing")
	}
	var tokens []string
	for i := 0; i < 10; i++ {
		u := hubtest.NewUser(t, app, fmt.Sprintf("wifi%d@hug.test", i), "family")
		tokens = append(tokens, hubtest.Token(t, app, "users", u.Email()))
	}
	// The budget is per window of 10 s: on a slow machine the window may
	// end in the middle, and the round is played again (a few times).
	for round := 1; ; round++ {
		useUpSharedBudget(t, app, tokens)
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/health"}); res.Status != http.StatusTooManyRequests {
			if round < 5 {
				continue
			}
			t.Fatalf("the shared budget is not used up (%d): this test would prove nothing", res.Status)
		}
		// With the shared budget used up, a push still goes through.
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: tokens[0],
			Body: map[string]any{"mutations": []m{{hubtest.MutationID(), "update_profile", map[string]any{"municipality": "Soresina"}}}}}); res.Status != http.StatusOK {
			t.Fatalf("a push once the shared budget is used up: %d %s", res.Status, res.Body)
		}
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/health"}); res.Status == http.StatusTooManyRequests {
			break
		} else if round == 5 {
			t.Fatalf("the shared budget's window ended (%d): this test proved nothing", res.Status)
		}
	}

	// 100 phones push theirs at once while one replays 1,000 mutations.
	var wg sync.WaitGroup
	statuses := make(chan int, 200)
	send := func(token string, batch []m) {
		defer wg.Done()
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token, Body: map[string]any{"mutations": batch}})
		statuses <- res.Status
	}
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go send(tokens[i%10], []m{{hubtest.MutationID(), "update_profile", map[string]any{"municipality": fmt.Sprint("Comune ", i)}}})
	}
	for b := 0; b < 10; b++ {
		var batch []m
		for i := 0; i < 100; i++ {
			batch = append(batch, m{hubtest.MutationID(), "update_profile", map[string]any{"municipality": fmt.Sprint("Coda ", b, i)}})
		}
		wg.Add(1)
		go send(tokens[0], batch)
	}
	wg.Wait()
	close(statuses)
	refused := 0
	for s := range statuses {
		if s != http.StatusOK {
			refused++
			t.Logf("status %d", s)
		}
	}
	if refused > 0 {
		t.Errorf("%d of 110 requests refused", refused)
	}
}

// useUpSharedBudget makes 300 other requests from phones behind the
// address, the "/api/" rule's budget for 10 s.
func useUpSharedBudget(t *testing.T, app *tests.TestApp, tokens []string) {
	var opening sync.WaitGroup
	for g := 0; g < 20; g++ {
		opening.Add(1)
		go func(g int) {
			defer opening.Done()
			for i := 0; i < 15; i++ {
				hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/health", Token: tokens[g%10]})
			}
		}(g)
	}
	opening.Wait()
}
