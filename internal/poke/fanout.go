package poke

import (
	"strconv"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// chunkSize is how many clients one goroutine decides for. Deciding is a
// few map lookups, so the chunks are large: the cost of a poke is in the
// connections' writes, which run on their own goroutines.
const chunkSize = 1000

// mailboxKey (+ the topic) holds a client's poke that waits for its
// connection to be ready (see deliver).
const mailboxKey = "hubPokeMailbox"

// fanOut sends {"seq": seq} to every client subscribed to Topic that the
// batch concerns. The message is the same bytes for everyone.
func fanOut(app core.App, seq int64, r *reach) {
	data := []byte(`{"seq":` + strconv.FormatInt(seq, 10) + `}`)
	var wg sync.WaitGroup
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(chunkSize) {
		wg.Go(func() {
			for _, client := range chunk {
				topics := subscribed(client)
				if len(topics) == 0 {
					continue
				}
				auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
				if !r.includes(auth) {
					continue
				}
				for _, topic := range topics {
					deliver(client, seq, subscriptions.Message{Name: topic, Data: data})
				}
			}
		})
	}
	wg.Wait()
}

// subscribed returns the names under which the client subscribed to Topic
// (PocketBase names an event after the subscription, options included).
func subscribed(client subscriptions.Client) []string {
	if client.HasSubscription(Topic) {
		return []string{Topic}
	}
	var topics []string
	for topic := range client.Subscriptions(Topic + "?") {
		topics = append(topics, topic)
	}
	return topics
}

// mailbox keeps the newest poke for a client whose connection was busy.
type mailbox struct {
	mu      sync.Mutex
	waiting bool // a goroutine is delivering
	seq     int64
	msg     subscriptions.Message
}

// deliver hands msg to the client's connection goroutine. A client's
// channel is unbuffered (tools/subscriptions): when the connection is idle,
// waiting on it, the hand-off succeeds at once, and no goroutine is made.
// When it is busy (writing the previous message), one goroutine per client
// waits for it, and a newer poke replaces a waiting one rather than queue
// behind it: only the newest seq matters. PocketBase's own broadcast starts
// a goroutine per client per event instead.
func deliver(client subscriptions.Client, seq int64, msg subscriptions.Message) {
	if client.IsDiscarded() {
		return
	}
	key := mailboxKey + msg.Name
	box, _ := client.Get(key).(*mailbox)
	if box == nil {
		// only the poker's goroutine creates boxes, and a client is in one chunk
		box = &mailbox{}
		client.Set(key, box)
	}
	box.mu.Lock()
	if !box.waiting && trySend(client, msg) {
		box.mu.Unlock()
		return
	}
	box.seq, box.msg = seq, msg
	if box.waiting {
		box.mu.Unlock()
		return
	}
	box.waiting = true
	box.mu.Unlock()
	go drain(client, box)
}

// drain delivers the box's newest message until no newer one came meanwhile.
func drain(client subscriptions.Client, box *mailbox) {
	for {
		box.mu.Lock()
		seq, msg := box.seq, box.msg
		box.mu.Unlock()
		client.Send(msg) // blocks until the connection reads it or is discarded
		box.mu.Lock()
		if box.seq == seq {
			box.waiting = false
			box.mu.Unlock()
			return
		}
		box.mu.Unlock()
	}
}

// trySend sends without waiting; false when the connection is not ready.
func trySend(client subscriptions.Client, msg subscriptions.Message) (sent bool) {
	defer func() {
		if recover() != nil { // the channel was closed: the client left
			sent = true
		}
	}()
	select {
	case client.Channel() <- msg:
		return true
	default:
		return false
	}
}
