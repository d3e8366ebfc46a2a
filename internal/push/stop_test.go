package push_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/push"
)

// Terminating the hub mid fan-out lets the requests in flight finish and
// records them, sends nothing more, and leaves nothing marked in flight:
// what was not sent waits, queued, for the next start.
func TestStopMidFanOutLeavesTheQueueClean(t *testing.T) {
	h := newHub(t)
	h.double.SetDelay(100 * time.Millisecond)
	var ds []push.Delivery
	for i := range 300 {
		ds = append(ds, push.Delivery{Subscription: h.subscribeQuiet(fmt.Sprintf("s%03d", i)), Notification: "n", Payload: []byte("x")})
	}
	h.enqueue(ds...)
	waitFor(t, 10*time.Second, "some delivered", func() bool { return h.double.Delivered() >= 20 })
	start := time.Now()
	h.app.OnTerminate().Trigger(&core.TerminateEvent{App: h.app}, func(e *core.TerminateEvent) error { return nil })
	if d := time.Since(start); d > push.SendTimeout {
		t.Errorf("stopping took %v", d)
	}
	atStop := h.double.Delivered()
	time.Sleep(300 * time.Millisecond)
	if n := h.double.Delivered(); n != atStop {
		t.Errorf("%d sent after the stop", n-atStop)
	}
	var inFlight, sent, queued int
	h.app.DB().NewQuery("SELECT count(*) FROM push_deliveries WHERE sending != ''").Row(&inFlight)
	h.app.DB().NewQuery("SELECT count(*) FROM push_deliveries WHERE notification = 'n' AND state = 'sent'").Row(&sent)
	h.app.DB().NewQuery("SELECT count(*) FROM push_deliveries WHERE notification = 'n' AND state = 'queued'").Row(&queued)
	if inFlight != 0 || sent != atStop || sent+queued != 300 {
		t.Fatalf("after the stop: %d in flight, %d sent (the double got %d), %d queued", inFlight, sent, atStop, queued)
	}
	t.Logf("stopped after %d of 300, in %v", atStop, time.Since(start))
}
