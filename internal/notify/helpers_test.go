package notify_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/notify"
	"github.com/cremona/hug/internal/vocab"
)

var catalog = func() *i18n.Catalog {
	c, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		panic(err)
	}
	return c
}()

// msg is a message of locales/ as a reader of lang reads it.
func msg(lang, id string, data map[string]any) string { return catalog.T(lang, id, data) }

var subCount int

// subscribe adds a push subscription (as push.Subscribe stores it) and
// returns its id; user "" is a guest.
func subscribe(t *testing.T, app core.App, user, lang, receive string) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("push_subscriptions")
	if err != nil {
		t.Fatal(err)
	}
	subCount++
	r := core.NewRecord(c)
	r.Set("endpoint", fmt.Sprintf("https://fcm.googleapis.com/fcm/send/test-%d-%s", subCount, core.GenerateDefaultRandomId()))
	r.Set("p256dh", "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM")
	r.Set("auth", "tBHItJI5svbpez7KI4CCXg")
	r.Set("user", user)
	r.Set("language", lang)
	if receive != "" {
		r.Set("receive", receive)
	}
	r.Set("last_seen", time.Now())
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// delivery is a queued push as the service worker will receive it.
type delivery struct {
	Sub          string
	Payload      notify.Payload
	NotBefore    time.Time
	Urgency      string
	Announcement string
	Raw          string
}

// queued returns the pushes queued for the one notice of kind, by
// subscription (all returns them all).
func queued(t *testing.T, app core.App, kind string) map[string]delivery {
	t.Helper()
	out := map[string]delivery{}
	for _, d := range all(t, app, kind) {
		if _, dup := out[d.Sub]; dup {
			t.Errorf("two %s pushes for subscription %s", kind, d.Sub)
		}
		out[d.Sub] = d
	}
	return out
}

func all(t *testing.T, app core.App, kind string) []delivery {
	t.Helper()
	var rows []struct {
		Sub          string `db:"subscription"`
		Payload      string `db:"payload"`
		NotBefore    string `db:"not_before"`
		Urgency      string `db:"urgency"`
		Announcement string `db:"announcement"`
	}
	if err := app.DB().NewQuery("SELECT subscription, payload, not_before, urgency, announcement FROM push_deliveries").All(&rows); err != nil {
		t.Fatal(err)
	}
	var out []delivery
	for _, r := range rows {
		var p notify.Payload
		if err := json.Unmarshal([]byte(r.Payload), &p); err != nil {
			t.Fatalf("payload %s: %v", r.Payload, err)
		}
		if p.Kind != kind {
			continue
		}
		nb, _ := time.Parse("2006-01-02 15:04:05.000Z", r.NotBefore)
		out = append(out, delivery{Sub: r.Sub, Payload: p, NotBefore: nb, Urgency: r.Urgency, Announcement: r.Announcement, Raw: r.Payload})
	}
	return out
}

// only fails unless the pushes went to exactly these subscriptions.
func only(t *testing.T, got map[string]delivery, want map[string]string) {
	t.Helper()
	var g, w []string
	for s := range got {
		g = append(g, s)
	}
	for s := range want {
		w = append(w, s)
	}
	sort.Strings(g)
	sort.Strings(w)
	if strings.Join(g, ",") != strings.Join(w, ",") {
		names := func(ids []string) []string {
			out := []string{}
			for _, id := range ids {
				if n, ok := want[id]; ok {
					out = append(out, n)
				} else {
					out = append(out, "unexpected "+id)
				}
			}
			return out
		}
		t.Fatalf("pushed to %v, want %v", names(g), names(w))
	}
}

// inbox is a person's notifications of kind.
func inbox(t *testing.T, app core.App, user, kind string) []*core.Record {
	t.Helper()
	rows, err := app.FindAllRecords(notify.Collection, dbx.HashExp{"user": user, "kind": kind})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func member(t *testing.T, app core.App, user, group string) {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("memberships")
	m := core.NewRecord(c)
	m.Load(map[string]any{"user": user, "group": group, "status": "active"})
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
}

// rome is a wall-clock time in the centre's zone.
func rome(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vocab.TimeZone)
}

// activity saves an activity with these fields over sensible defaults.
func activity(t *testing.T, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour)
	a.Load(map[string]any{"title": map[string]string{"it": "Attività di prova"}, "kind": "workshop",
		"starts_at": start, "ends_at": start.Add(2 * time.Hour), "status": "approved"})
	a.Load(fields)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// coreRecord saves a record of collection and returns it as stored.
func coreRecord(t *testing.T, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(fields)
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", collection, err)
	}
	stored, err := app.FindRecordById(collection, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

func userOf(t *testing.T, app core.App, email string) string {
	t.Helper()
	u, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Id
}

// newGroup is a public open group of the test's own, with nobody in it.
func newGroup(t *testing.T, app core.App) *core.Record {
	t.Helper()
	return coreRecord(t, app, "groups", map[string]any{"name": map[string]string{"it": "Gruppo di prova"}, "join_policy": "open", "public": true})
}
