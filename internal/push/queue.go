package push

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// MaxPayload is the largest payload the hub sends: Firefox on Android
// refuses more than about 3 KB once encrypted and padded.
const MaxPayload = 3 << 10

// DefaultTTL is how long a push service keeps a message for a phone that
// is off when it comes, unless the delivery says otherwise.
const DefaultTTL = 24 * time.Hour

// Urgencies (RFC 8030 §5.3).
var urgencies = map[string]bool{"very-low": true, "low": true, "normal": true, "high": true}

// Delivery is one notification for one subscription.
type Delivery struct {
	Subscription string        // push_subscriptions id
	Notification string        // the notification's id: a (subscription, notification) is sent once
	Payload      []byte        // what the service worker receives (at most MaxPayload bytes)
	Urgency      string        // very-low, low, normal (""), high
	TTL          time.Duration // 0: DefaultTTL
	NotBefore    time.Time     // zero: now (quiet hours put the morning here)
	Announcement string        // the staff announcement it belongs to, if any (AnnouncementStatus)
}

// ErrPayloadTooLarge is Enqueue's answer to a payload over MaxPayload.
var ErrPayloadTooLarge = fmt.Errorf("push: payload over %d bytes", MaxPayload)

// Enqueue queues deliveries in the caller's transaction (or on its own if
// txApp is not one): they are sent only if it commits, and a delivery of a
// notification already queued for that subscription is ignored. The worker
// is woken when the transaction completes.
func Enqueue(txApp core.App, ds ...Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	now := types.NowDateTime().String()
	// One statement per chunk: 10,000 rows cost a few statements, not 10,000
	// record saves. No record hooks run: the queue is not synced anywhere.
	const chunk = 200 // 10 columns x 200 rows stays under SQLite's variable limit
	for start := 0; start < len(ds); start += chunk {
		end := min(start+chunk, len(ds))
		var sql strings.Builder
		sql.WriteString("INSERT OR IGNORE INTO push_deliveries (id, subscription, notification, payload, urgency, ttl, not_before, state, attempts, next_attempt, sending, last_status, announcement, created, updated) VALUES ")
		params := dbx.Params{"now": now}
		for i, d := range ds[start:end] {
			if err := d.check(); err != nil {
				return err
			}
			ttl := d.TTL
			if ttl == 0 {
				ttl = DefaultTTL
			}
			notBefore := now
			if !d.NotBefore.IsZero() {
				nb, _ := types.ParseDateTime(d.NotBefore)
				notBefore = nb.String()
			}
			if i > 0 {
				sql.WriteString(",")
			}
			p := fmt.Sprintf("p%d_", i)
			fmt.Fprintf(&sql, "({:%[1]sid}, {:%[1]ss}, {:%[1]sn}, {:%[1]sp}, {:%[1]su}, {:%[1]st}, {:%[1]snb}, 'queued', 0, {:%[1]snb}, '', 0, {:%[1]sa}, {:now}, {:now})", p)
			params[p+"id"] = security.RandomStringWithAlphabet(15, core.DefaultIdAlphabet)
			params[p+"s"] = d.Subscription
			params[p+"n"] = d.Notification
			params[p+"p"] = string(d.Payload)
			params[p+"u"] = d.Urgency
			params[p+"t"] = int64(ttl / time.Second)
			params[p+"nb"] = notBefore
			params[p+"a"] = d.Announcement
		}
		if _, err := txApp.DB().NewQuery(sql.String()).Bind(params).Execute(); err != nil {
			return err
		}
	}
	wakeAfterCommit(txApp)
	return nil
}

func (d Delivery) check() error {
	switch {
	case d.Subscription == "" || d.Notification == "":
		return errors.New("push: a delivery needs a subscription and a notification id")
	case len(d.Payload) > MaxPayload:
		return ErrPayloadTooLarge
	case d.Urgency != "" && !urgencies[d.Urgency]:
		return fmt.Errorf("push: urgency %q", d.Urgency)
	case d.TTL < 0:
		return errors.New("push: negative TTL")
	}
	return nil
}

// wakers are the running workers, by data dir: a transaction's app is a
// copy of the app, with the same data dir.
var wakers sync.Map // string -> chan struct{}

func wakeAfterCommit(app core.App) {
	wake := func() {
		if ch, ok := wakers.Load(app.DataDir()); ok {
			select {
			case ch.(chan struct{}) <- struct{}{}:
			default: // already woken
			}
		}
	}
	if tx := app.TxInfo(); tx != nil {
		tx.OnComplete(func(txErr error) error {
			if txErr == nil {
				wake()
			}
			return nil
		})
		return
	}
	wake()
}

// AnnouncementStatus counts an announcement's deliveries by state (queued,
// sent, failed, expired), each state present with 0 if none.
func AnnouncementStatus(app core.App, announcementID string) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	err := app.DB().Select("state", "count(*) AS n").From("push_deliveries").
		Where(dbx.HashExp{"announcement": announcementID}).GroupBy("state").All(&rows)
	if err != nil {
		return nil, err
	}
	status := map[string]int{"queued": 0, "sent": 0, "failed": 0, "expired": 0}
	for _, r := range rows {
		status[r.State] = r.N
	}
	return status, nil
}
