package push_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations/durability"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/push/pushtest"
)

// THE SIGKILL TEST. The real binary fans 2,000 deliveries out to a push
// service double that takes 40 ms per message, and is killed by SIGKILL
// mid-way. Restarted on the same data dir, it delivers every one: none is
// lost, every delivery recorded as sent before the kill is never sent
// again, and the only ones that may arrive twice are those that were in
// flight at the kill (the hub cannot know whether the push service got
// them; it sends them again, with the same notification id and Topic, and
// the service worker shows an id once).
func TestSIGKILLMidFanOutDeliversEveryNotificationOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the hub binary")
	}
	const subscribers, notifications = 1000, 2
	double, err := pushtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer double.Close()
	double.SetDelay(40 * time.Millisecond)

	bin, err := durability.Build(hubtest.Root(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	srv, err := durability.NewServer(bin, hubtest.Root(), dir)
	if err != nil {
		t.Fatal(err)
	}
	env := "HUG_PUSH_ALLOW=" + double.URL
	if err := srv.Start(env); err != nil { // first start: schema, demo data, keys
		t.Fatal(err)
	}
	srv.Kill()

	// The staff action, while the hub is down: subscriptions and the
	// fan-out queued in one transaction.
	withData(t, dir, func(app core.App) {
		err := app.RunInTransaction(func(tx core.App) error {
			var ds []push.Delivery
			for i := range subscribers {
				id := fmt.Sprintf("s%04d", i)
				s := double.NewSubscriber(id)
				_, err := tx.DB().Insert("push_subscriptions", dbx.Params{"id": id + strings.Repeat("x", 10), "endpoint": double.Endpoint(id),
					"p256dh": s.P256dh(), "auth": s.AuthKey(), "language": "it", "receive": "{}", "last_seen": time.Now().UTC().Format("2006-01-02 15:04:05.000Z")}).Execute()
				if err != nil {
					return err
				}
				for n := range notifications {
					note := fmt.Sprintf("n%d", n)
					ds = append(ds, push.Delivery{Subscription: id + strings.Repeat("x", 10), Notification: note, Payload: []byte(note)})
				}
			}
			return push.Enqueue(tx, ds...)
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	if err := srv.Start(env); err != nil {
		t.Fatal(err)
	}
	total := subscribers * notifications
	waitFor(t, 60*time.Second, "a fifth delivered", func() bool { return double.Delivered() >= total/5 })
	srv.Kill()
	atKill := double.Delivered()
	var inFlight []string // subscription/notification
	withData(t, dir, func(app core.App) {
		var rows []struct{ Subscription, Notification string }
		app.DB().NewQuery("SELECT subscription, notification FROM push_deliveries WHERE sending != '' AND state = 'queued'").All(&rows)
		for _, r := range rows {
			inFlight = append(inFlight, r.Subscription[:5]+"/"+r.Notification)
		}
	})
	if atKill >= total {
		t.Fatalf("all %d delivered before the kill: not mid fan-out", atKill)
	}
	t.Logf("killed after %d of %d deliveries, %d in flight", atKill, total, len(inFlight))

	if err := srv.Start(env); err != nil {
		t.Fatal(err)
	}
	defer srv.Kill()
	waitFor(t, 90*time.Second, "every notification delivered after the restart", func() bool {
		for i := range subscribers {
			seen := map[string]bool{}
			for _, m := range received(double, fmt.Sprintf("s%04d", i), 201) {
				seen[m.Payload] = true
			}
			if len(seen) != notifications {
				return false
			}
		}
		return true
	})
	time.Sleep(300 * time.Millisecond) // anything sent twice would have come by now
	mayRepeat := map[string]bool{}
	for _, k := range inFlight {
		mayRepeat[k] = true
	}
	twice := 0
	for i := range subscribers {
		id := fmt.Sprintf("s%04d", i)
		count := map[string]int{}
		for _, m := range received(double, id, 201) {
			count[m.Payload]++
			if !m.VAPIDOK || m.Topic != m.Payload {
				t.Fatalf("%s: %+v", id, m)
			}
		}
		for note, n := range count {
			if n > 1 {
				twice++
				if !mayRepeat[id+"/"+note] || n > 2 {
					t.Errorf("%s %s arrived %d times and was not in flight at the kill", id, note, n)
				}
			}
		}
	}
	t.Logf("%d of the %d in flight arrived twice (same id: the service worker shows it once)", twice, len(inFlight))
	srv.Kill()
	withData(t, dir, func(app core.App) {
		var states []struct {
			State string
			N     int
		}
		app.DB().NewQuery("SELECT state, count(*) AS n FROM push_deliveries WHERE notification LIKE 'n%' GROUP BY state").All(&states)
		if len(states) != 1 || states[0].State != "sent" || states[0].N != total {
			raw, _ := json.Marshal(states)
			t.Errorf("queue after the restart: %s", raw)
		}
	})
}

// withData opens a stopped hub's data dir.
func withData(t *testing.T, dir string, fn func(app core.App)) {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	if _, err := os.Stat(filepath.Join(dir, push.KeysFile)); err != nil {
		t.Fatalf("no keys after the first start: %v", err)
	}
	fn(app)
}
