package hub_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// A hundred phones behind one address (the Polo per l'Infanzia's Wi-Fi, a
// carrier's NAT) open the app at once, each as the sync engine does: the
// config and the messages revalidated, a realtime connection and its
// subscription to hub/changes, a pull and a push. None is refused
// (pb_migrations/1764820000_sync_rate_limits.js); the flood side of the same
// rules is in TestRateLimits.
func TestAHundredPhonesBehindOneAddressOpenTheApp(t *testing.T) {
	const phones = 100
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	srv := httptest.NewServer(hubtest.Handler(t, app)) // every phone comes from 127.0.0.1
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: phones}}

	var tokens []string
	for _, email := range []string{hubtest.FamilyEmail, hubtest.OtherFamilyEmail, hubtest.NewAssocEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail} {
		tokens = append(tokens, hubtest.Token(t, app, "users", email))
	}
	var cursor int64
	if err := app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes").Row(&cursor); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	refused := map[string]int{}
	failed := map[string]int{}
	check := func(step string, res *http.Response, err error, want int) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			failed[step+": "+err.Error()]++
		case res.StatusCode == http.StatusTooManyRequests:
			refused[step]++
		case res.StatusCode != want:
			failed[fmt.Sprintf("%s: %d", step, res.StatusCode)]++
		}
	}
	do := func(method, path, token string, body any) (*http.Response, error) {
		var r io.Reader
		if body != nil {
			raw, _ := json.Marshal(body)
			r = strings.NewReader(string(raw))
		}
		req, _ := http.NewRequestWithContext(ctx, method, srv.URL+path, r)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		res, err := client.Do(req)
		if err == nil && !(method == http.MethodGet && path == "/api/realtime") { // an SSE stream stays open
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		return res, err
	}

	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range phones {
		token := tokens[i%len(tokens)]
		wg.Go(func() {
			<-start
			res, err := do(http.MethodGet, "/api/hub/config", "", nil)
			check("config", res, err, http.StatusOK)
			res, err = do(http.MethodGet, "/api/hub/i18n/it", "", nil)
			check("messages", res, err, http.StatusOK)

			res, err = do(http.MethodGet, "/api/realtime", "", nil)
			check("realtime connect", res, err, http.StatusOK)
			if err != nil || res.StatusCode != http.StatusOK {
				return
			}
			defer res.Body.Close()
			clientID := ""
			for lines := bufio.NewScanner(res.Body); clientID == "" && lines.Scan(); {
				if data, ok := strings.CutPrefix(lines.Text(), "data:"); ok {
					var connect struct{ ClientID string }
					json.Unmarshal([]byte(data), &connect)
					clientID = connect.ClientID
				}
			}
			res, err = do(http.MethodPost, "/api/realtime", token, map[string]any{"clientId": clientID, "subscriptions": []string{"hub/changes"}})
			check("realtime subscribe", res, err, http.StatusNoContent)

			res, err = do(http.MethodGet, fmt.Sprintf("/api/hub/sync?cursor=%d", cursor), token, nil)
			check("pull", res, err, http.StatusOK)
			res, err = do(http.MethodPost, "/api/hub/mutations", token, map[string]any{"mutations": []map[string]any{
				{"id": hubtest.MutationID(), "name": "set_language", "args": map[string]any{"language": "it"}}}})
			check("push", res, err, http.StatusOK)
		})
	}
	close(start)
	wg.Wait()
	for step, n := range refused {
		t.Errorf("%s: %d of %d phones refused (429)", step, n, phones)
	}
	for what, n := range failed {
		t.Errorf("%s (%d phones)", what, n)
	}
}

// Realtime connections from one address stop at the limit too.
func TestAFloodOfRealtimeConnectionsIsStopped(t *testing.T) {
	const allowed = 300
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	srv := httptest.NewServer(hubtest.Handler(t, app))
	defer srv.Close()
	connect := func() int {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // hang up once the answer's status is in
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/realtime", nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		return res.StatusCode
	}
	for i := range allowed {
		if status := connect(); status != http.StatusOK {
			t.Fatalf("connection %d of %d allowed: %d", i+1, allowed, status)
		}
	}
	if status := connect(); status != http.StatusTooManyRequests {
		t.Fatalf("connection %d: %d, want 429", allowed+1, status)
	}
}
