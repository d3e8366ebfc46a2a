package poke

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// A connection busy writing gets the newest poke when it is ready, not a
// queue of every poke it missed meanwhile, and no poke is lost.
func TestABusyConnectionGetsTheNewestPoke(t *testing.T) {
	client := subscriptions.NewDefaultClient() // nobody reads its channel yet: busy
	poke := func(seq int64) {
		deliver(client, seq, subscriptions.Message{Name: Topic, Data: []byte{byte('0' + seq)}})
	}
	poke(1)
	time.Sleep(50 * time.Millisecond) // 1 is on its way, waiting for the connection
	poke(2)
	poke(3)
	var got []string
	for len(got) == 0 || got[len(got)-1] != "3" {
		select {
		case m := <-client.Channel():
			got = append(got, string(m.Data))
		case <-time.After(2 * time.Second):
			t.Fatalf("got %v, then nothing", got)
		}
	}
	// 3 replaced 2, which was waiting behind 1 (on a loaded machine the
	// sender may not have taken 1 yet, and 3 replaces both: [3])
	if s := strings.Join(got, " "); s != "1 3" && s != "3" {
		t.Fatalf("got %v, want [1 3]", got)
	}
	select {
	case m := <-client.Channel():
		t.Fatalf("a stale poke %s followed", m.Data)
	case <-time.After(200 * time.Millisecond):
	}
	client.Discard()
	deliver(client, 4, subscriptions.Message{Name: Topic}) // a client that left: no panic
}
