package push_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/push/pushtest"
)

// What the worker sends decrypts, at the phone, to exactly what was
// queued, with a VAPID JWT the push service accepts (no "mailto:mailto:"),
// the TTL, Urgency and Topic headers; a notification queued again for the
// same subscription is not sent again.
func TestDeliveredPayloadIsWhatWasQueued(t *testing.T) {
	h := newHub(t)
	a, b := h.subscribe("a", ""), h.subscribe("b", "")
	payload := []byte(`{"id":"n1","title":"مرحبا","body":"Ciao, è arrivato"}`)
	h.enqueue(
		push.Delivery{Subscription: a, Notification: "n1", Payload: payload, Urgency: "high", TTL: time.Hour},
		push.Delivery{Subscription: b, Notification: "n1", Payload: payload},
	)
	waitFor(t, 5*time.Second, "both delivered", func() bool {
		return len(received(h.double, "a", 201)) == 1 && len(received(h.double, "b", 201)) == 1
	})
	got := received(h.double, "a", 201)[0]
	if got.Payload != string(payload) || !got.VAPIDOK || got.Urgency != "high" || got.Topic != "n1" {
		t.Fatalf("received %+v", got)
	}
	if ttl, _ := strconv.Atoi(got.TTL); ttl < 3590 || ttl > 3600 {
		t.Errorf("TTL %q, want about an hour", got.TTL)
	}
	if got.Subject != "mailto:hug.centrofamiglie.cr@gmail.com" && got.Subject != "mailto:"+h.app.Settings().Meta.SenderAddress {
		t.Errorf("VAPID sub %q", got.Subject)
	}
	if other := received(h.double, "b", 201)[0]; other.Urgency != "normal" || other.TTL != "86400" && other.TTL != "86399" {
		t.Errorf("defaults: %+v", other)
	}
	waitFor(t, 2*time.Second, "recorded as sent", func() bool {
		d := h.delivery(a, "n1")
		return d != nil && d.GetString("state") == "sent" && d.GetInt("last_status") == 201
	})

	h.enqueue(push.Delivery{Subscription: a, Notification: "n1", Payload: []byte("again")})
	h.enqueue(push.Delivery{Subscription: a, Notification: "n2", Payload: []byte("next")})
	waitFor(t, 5*time.Second, "n2 delivered", func() bool { return len(received(h.double, "a", 201)) >= 2 })
	time.Sleep(100 * time.Millisecond)
	if got := received(h.double, "a", 201); len(got) != 2 || got[1].Payload != "next" {
		t.Fatalf("a notification queued twice was sent twice: %+v", got)
	}
}

// 410 and 404 mean the subscription is gone: it is deleted, with what
// was queued for it.
func TestGoneAndNotFoundDeleteTheSubscription(t *testing.T) {
	h := newHub(t)
	for _, status := range []int{410, 404} {
		id := "s" + strconv.Itoa(status)
		sub := h.subscribe(id, "")
		h.double.SetMode(id, modeStatus(status))
		h.enqueue(push.Delivery{Subscription: sub, Notification: "n", Payload: []byte("x")})
		waitFor(t, 5*time.Second, "subscription deleted after "+id, func() bool {
			_, err := h.app.FindRecordById("push_subscriptions", sub)
			return err != nil
		})
		if h.delivery(sub, "n") != nil {
			t.Errorf("%d: its delivery stayed", status)
		}
	}
}

// 429 (after its Retry-After), 500 (after a backoff) and 503 (after its
// Retry-After, not the shorter backoff) are tried again, and the
// subscription is kept; 413 fails the delivery, without retrying and
// without deleting the subscription.
func TestRetriesAndFailures(t *testing.T) {
	h := newHub(t)
	slow, broken, big := h.subscribe("slow", ""), h.subscribe("broken", ""), h.subscribe("big", "")
	busy := h.subscribe("busy", "")
	h.double.SetMode("slow", modeOnce(429, 1))
	h.double.SetMode("broken", modeOnce(500, 0))
	h.double.SetMode("big", modeStatus(413))
	h.double.SetMode("busy", modeOnce(503, 2)) // the backoff would be RetryBase, 300 ms
	start := time.Now()
	h.enqueue(
		push.Delivery{Subscription: slow, Notification: "n", Payload: []byte("x")},
		push.Delivery{Subscription: broken, Notification: "n", Payload: []byte("x")},
		push.Delivery{Subscription: big, Notification: "n", Payload: []byte("x")},
		push.Delivery{Subscription: busy, Notification: "n", Payload: []byte("x")},
	)
	var refused time.Time // when the 503 was recorded
	waitFor(t, 5*time.Second, "the 503 recorded", func() bool {
		d := h.delivery(busy, "n")
		if d.GetInt("last_status") != 503 {
			return false
		}
		refused = d.GetDateTime("updated").Time()
		if wait := d.GetDateTime("next_attempt").Time().Sub(refused); wait != 2*time.Second {
			t.Errorf("503 with Retry-After: 2 to be tried again after %v", wait)
		}
		return true
	})
	waitFor(t, 10*time.Second, "the 503 delivered on a later attempt", func() bool { return len(received(h.double, "busy", 201)) == 1 })
	if elapsed := time.Since(refused); elapsed < 2*time.Second {
		t.Errorf("503 with Retry-After: 2 was tried again after %v", elapsed)
	}
	waitFor(t, 10*time.Second, "429 and 500 delivered on a later attempt", func() bool {
		return len(received(h.double, "slow", 201)) == 1 && len(received(h.double, "broken", 201)) == 1
	})
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("429 with Retry-After: 1 was tried again after %v", elapsed)
	}
	for _, sub := range []string{slow, broken, busy} {
		waitFor(t, 2*time.Second, "sent on the second attempt", func() bool {
			d := h.delivery(sub, "n")
			return d.GetString("state") == "sent" && d.GetInt("attempts") == 2
		})
	}
	waitFor(t, 2*time.Second, "413 failed", func() bool { return h.delivery(big, "n").GetString("state") == "failed" })
	time.Sleep(2 * push.RetryBase)
	if n := len(h.double.Received("big")); n != 1 {
		t.Errorf("413 tried %d times", n)
	}
	if _, err := h.app.FindRecordById("push_subscriptions", big); err != nil {
		t.Errorf("413 deleted the subscription: %v", err)
	}
}

// A push service that never answers holds one worker until the client's
// timeout; everyone else's messages go out meanwhile.
func TestAHangingServiceDoesNotDelayOthers(t *testing.T) {
	h := newHub(t)
	hang := h.subscribe("hang", "")
	h.double.SetMode("hang", modeHang())
	ds := []push.Delivery{{Subscription: hang, Notification: "n", Payload: []byte("x")}}
	var ids []string
	for i := range 20 {
		id := "ok" + strconv.Itoa(i)
		ids = append(ids, id)
		ds = append(ds, push.Delivery{Subscription: h.subscribe(id, ""), Notification: "n", Payload: []byte("x")})
	}
	start := time.Now()
	h.enqueue(ds...)
	waitFor(t, push.SendTimeout/2, "the others delivered while one hangs", func() bool {
		for _, id := range ids {
			if len(received(h.double, id, 201)) != 1 {
				return false
			}
		}
		return true
	})
	t.Logf("20 delivered in %v beside a hanging endpoint", time.Since(start))
	// The hanging one is given up at the timeout and retried, not dropped.
	waitFor(t, push.SendTimeout+3*time.Second, "the hanging one back in the queue", func() bool {
		d := h.delivery(hang, "n")
		return d.GetString("state") == "queued" && d.GetString("sending") == "" && d.GetInt("attempts") == 1
	})
}

// Enqueue: in the caller's transaction (a rollback queues nothing), at
// most MaxPayload bytes, and the announcement's counts by state.
func TestEnqueueIsTransactionalAndBounded(t *testing.T) {
	h := newHub(t)
	sub := h.subscribe("a", "")
	err := h.app.RunInTransaction(func(tx core.App) error {
		if err := push.Enqueue(tx, push.Delivery{Subscription: sub, Notification: "rolled-back", Payload: []byte("x")}); err != nil {
			return err
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
	big := make([]byte, push.MaxPayload+1)
	if err := push.Enqueue(h.app, push.Delivery{Subscription: sub, Notification: "big", Payload: big}); err != push.ErrPayloadTooLarge {
		t.Fatalf("a payload over 3 KB: %v", err)
	}
	h.enqueue(push.Delivery{Subscription: sub, Notification: "fits", Payload: big[:push.MaxPayload], Announcement: "ann1"})
	waitFor(t, 5*time.Second, "the 3 KB one delivered", func() bool { return len(received(h.double, "a", 201)) == 1 })
	if h.delivery(sub, "rolled-back") != nil || h.delivery(sub, "big") != nil {
		t.Fatal("queued anyway")
	}
	waitFor(t, 2*time.Second, "counted as sent", func() bool {
		status, err := push.AnnouncementStatus(h.app, "ann1")
		return err == nil && status["sent"] == 1 && status["queued"] == 0 && status["failed"] == 0 && status["expired"] == 0
	})
}

// A delivery whose TTL has passed before it could go is expired, not
// sent; one not yet due (quiet hours) waits for its time.
func TestExpiredAndNotYetDue(t *testing.T) {
	h := newHub(t)
	sub := h.subscribe("a", "")
	h.enqueue(
		push.Delivery{Subscription: sub, Notification: "stale", Payload: []byte("x"), TTL: time.Second, NotBefore: time.Now().Add(-time.Minute)},
		push.Delivery{Subscription: sub, Notification: "later", Payload: []byte("later"), NotBefore: time.Now().Add(1500 * time.Millisecond)},
	)
	waitFor(t, 3*time.Second, "stale expired", func() bool { return h.delivery(sub, "stale").GetString("state") == "expired" })
	time.Sleep(500 * time.Millisecond)
	if n := len(h.double.Received("a")); n != 0 {
		t.Fatalf("%d sent before their time", n)
	}
	waitFor(t, 5*time.Second, "later sent at its time", func() bool { return len(received(h.double, "a", 201)) == 1 })
	if got := received(h.double, "a", 201)[0].Payload; got != "later" {
		t.Fatalf("sent %q", got)
	}
}

type rollback struct{}

func (rollback) Error() string { return "rollback" }

var errRollback error = rollback{}

func modeStatus(status int) (m pushtest.Mode) { m.Status = status; return }
func modeOnce(status, retryAfter int) (m pushtest.Mode) {
	m.Status, m.RetryAfter, m.Times = status, retryAfter, 1
	return
}
func modeHang() (m pushtest.Mode) { m.Hang = true; return }

// The allowlist is checked again when a delivery is taken: a row whose
// endpoint is not (or no longer) allowed fails without being posted.
func TestNoSendOutsideTheAllowlist(t *testing.T) {
	h := newHub(t)
	c, _ := h.app.FindCachedCollectionByNameOrId("push_subscriptions")
	r := core.NewRecord(c)
	p, a := browserKeys(t)
	r.Load(map[string]any{"endpoint": "http://127.0.0.1:1/not-allowed", "p256dh": p, "auth": a, "language": "it"})
	if err := h.app.Save(r); err != nil {
		t.Fatal(err)
	}
	h.enqueue(push.Delivery{Subscription: r.Id, Notification: "n", Payload: []byte("x")})
	waitFor(t, 5*time.Second, "failed without a send", func() bool {
		d := h.delivery(r.Id, "n")
		return d.GetString("state") == "failed" && d.GetInt("attempts") == 0
	})
}
