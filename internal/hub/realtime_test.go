package hub_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
)

// listener is one phone's realtime connection (Server-Sent Events).
type listener struct {
	mu     sync.Mutex
	events []string // "collection/action/recordId"
}

func (l *listener) saw(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.events {
		if strings.HasSuffix(e, "/"+id) {
			return true
		}
	}
	return false
}

// listen connects to /api/realtime as token and subscribes to collections.
func listen(t *testing.T, ctx context.Context, url, token string, collections []string) *listener {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(res.Body)
	clientID := ""
	for clientID == "" && lines.Scan() {
		if data, ok := strings.CutPrefix(lines.Text(), "data:"); ok {
			var connect struct{ ClientID string }
			json.Unmarshal([]byte(data), &connect)
			clientID = connect.ClientID
		}
	}
	body, _ := json.Marshal(map[string]any{"clientId": clientID, "subscriptions": collections})
	sub, _ := http.NewRequest(http.MethodPost, url+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	if token != "" {
		sub.Header.Set("Authorization", token)
	}
	if r, err := http.DefaultClient.Do(sub); err != nil || r.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %v %v", err, r)
	}
	l := &listener{}
	go func() {
		event := ""
		for lines.Scan() {
			line := lines.Text()
			if name, ok := strings.CutPrefix(line, "event:"); ok {
				event = name
			} else if data, ok := strings.CutPrefix(line, "data:"); ok {
				var msg struct {
					Action string
					Record struct{ ID string }
				}
				json.Unmarshal([]byte(data), &msg)
				l.mu.Lock()
				l.events = append(l.events, event+"/"+msg.Action+"/"+msg.Record.ID)
				l.mu.Unlock()
			}
		}
	}()
	return l
}

// Realtime tells each phone only about records its role may see: the same
// rules as the API, checked per connection.
func TestRealtimeFollowsTheAccessRules(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	srv := httptest.NewServer(hubtest.Handler(t, app))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	collections := []string{"registrations", "appointment_requests", "activities"}
	phones := map[string]*listener{}
	for role, email := range map[string]string{"anonymous": "", "family": hubtest.FamilyEmail, "other": hubtest.OtherFamilyEmail,
		"staff": hubtest.StaffEmail, "mediator": hubtest.MediatorEmail} {
		token := ""
		if email != "" {
			token = hubtest.Token(t, app, "users", email)
		}
		phones[role] = listen(t, ctx, srv.URL, token, collections)
	}

	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	otherToken := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	create := func(collection, token string, body map[string]any) string {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/" + collection + "/records", Token: token, Body: body})
		var r struct{ ID string }
		res.JSON(t, &r)
		if res.Status != http.StatusOK {
			t.Fatalf("create %s: %d %s", collection, res.Status, res.Body)
		}
		return r.ID
	}
	ape2 := hubtest.BySlug(t, app, "activities", "ape-2")
	cases := []struct {
		what string
		id   string
		sees []string // the others must not
	}{
		{"another family's registration", create("registrations", otherToken, map[string]any{"activity": ape2.Id, "user": other.Id, "adults": 1}),
			[]string{"other", "staff"}},
		{"another family's appointment request", create("appointment_requests", otherToken, map[string]any{"user": other.Id, "topic": "listening", "contact_phone": "333 1234567"}),
			[]string{"other", "staff"}},
		{"a proposal waiting for moderation", create("activities", otherToken, map[string]any{"title": map[string]string{"it": "Proposta"},
			"kind": "play", "status": "pending", "proposer": other.Id, "starts_at": hubtest.InDays(90, "10:00"), "ends_at": hubtest.InDays(90, "11:00")}),
			[]string{"other", "staff", "mediator"}},
		{"a published activity", create("activities", hubtest.Token(t, app, "users", hubtest.StaffEmail), map[string]any{"title": map[string]string{"it": "Festa"},
			"kind": "play", "status": "approved", "starts_at": hubtest.InDays(91, "10:00"), "ends_at": hubtest.InDays(91, "11:00")}),
			[]string{"anonymous", "family", "other", "staff", "mediator"}},
	}
	for _, c := range cases {
		waitUntil(t, func() bool {
			for _, role := range c.sees {
				if !phones[role].saw(c.id) {
					return false
				}
			}
			return true
		}, c.what)
	}
	time.Sleep(300 * time.Millisecond) // room for an event that should not come
	for _, c := range cases {
		for role, phone := range phones {
			if phone.saw(c.id) != contains(c.sees, role) {
				t.Errorf("%s: %s saw it = %v", c.what, role, phone.saw(c.id))
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func waitUntil(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: the expected phones were not told", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
