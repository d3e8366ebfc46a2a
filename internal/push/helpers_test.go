package push_test

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/push/pushtest"
)

// hub is a test hub serving (its push worker running) with the double's
// origin allowed.
type hub struct {
	t      *testing.T
	app    *tests.TestApp
	double *pushtest.Double
}

func newHub(t *testing.T) *hub {
	t.Helper()
	return newHubWith(t, nil)
}

// newHubWith is newHub with the app changed before it serves.
func newHubWith(t *testing.T, before func(app *tests.TestApp)) *hub {
	t.Helper()
	// Short enough that retries and timeouts happen within a test.
	push.RetryBase, push.SendTimeout = 300*time.Millisecond, 2*time.Second
	t.Cleanup(func() { push.RetryBase, push.SendTimeout = 30*time.Second, 10*time.Second })
	d, err := pushtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	app := hubtest.NewAppWith(t, func(c *config.Config) { c.PushAllow = d.URL })
	if before != nil {
		before(app)
	}
	hubtest.Handler(t, app) // serve: the worker starts
	t.Cleanup(func() {
		app.Cleanup() // terminate: the worker stops first
		d.Close()
	})
	return &hub{t: t, app: app, double: d}
}

// subscribe posts a subscription for double subscriber id and returns its
// record id.
func (h *hub) subscribe(id string, token string) string {
	h.t.Helper()
	s := h.double.NewSubscriber(id)
	res := hubtest.Do(h.t, h.app, hubtest.Request{Method: "POST", URL: "/api/hub/push/subscriptions", Token: token, Body: map[string]any{
		"endpoint": h.double.Endpoint(id), "keys": map[string]string{"p256dh": s.P256dh(), "auth": s.AuthKey()}, "language": "it"}})
	if res.Status != 200 {
		h.t.Fatalf("subscribe %s: %d %s", id, res.Status, res.Body)
	}
	r, err := h.app.FindFirstRecordByData("push_subscriptions", "endpoint", h.double.Endpoint(id))
	if err != nil {
		h.t.Fatal(err)
	}
	return r.Id
}

// subscribeQuiet stores a subscription for double subscriber id directly
// (past the per-address limit a test of many subscriptions would reach).
func (h *hub) subscribeQuiet(id string) string {
	h.t.Helper()
	s := h.double.NewSubscriber(id)
	c, _ := h.app.FindCachedCollectionByNameOrId("push_subscriptions")
	r := core.NewRecord(c)
	r.Load(map[string]any{"endpoint": h.double.Endpoint(id), "p256dh": s.P256dh(), "auth": s.AuthKey(), "language": "it", "last_seen": time.Now()})
	if err := h.app.Save(r); err != nil {
		h.t.Fatal(err)
	}
	return r.Id
}

func (h *hub) enqueue(ds ...push.Delivery) {
	h.t.Helper()
	if err := h.app.RunInTransaction(func(tx core.App) error { return push.Enqueue(tx, ds...) }); err != nil {
		h.t.Fatal(err)
	}
}

// delivery is the queue's row for a (subscription, notification), or nil.
func (h *hub) delivery(sub, notification string) *core.Record {
	r, _ := h.app.FindFirstRecordByFilter("push_deliveries", "subscription = {:s} && notification = {:n}",
		map[string]any{"s": sub, "n": notification})
	return r
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func received(d *pushtest.Double, id string, status int) []pushtest.Message {
	var out []pushtest.Message
	for _, m := range d.Received(id) {
		if m.Status == status {
			out = append(out, m)
		}
	}
	return out
}

// browserKeys are a subscription's keys as a browser makes them.
func browserKeys(t testing.TB) (p256dh, auth string) {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}
