package notify

import (
	"encoding/json"
	"errors"
	"sort"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/vocab"
)

// Collection is the inbox.
const Collection = "notifications"

const catalogKey = "hubNotifyCatalog"

// clock is the time of quiet hours and reminders: time.Now, or a test's
// (SetNow). Atomic: the cron reads it on its own goroutine.
var clock atomic.Pointer[func() time.Time]

func now() time.Time {
	if f := clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// SetNow moves the package's clock to t (tests, and a demo); the returned
// function puts the real clock back.
func SetNow(t time.Time) (restore func()) {
	f := func() time.Time { return t }
	clock.Store(&f)
	return func() { clock.Store(nil) }
}

// Send tells n's recipients, in app's transaction (or its own): the inbox
// rows and the queued pushes land with the write that caused them, or not
// at all. A notice whose key was sent before is ignored.
func Send(app core.App, n Notice) error {
	if err := n.check(); err != nil {
		return err
	}
	catalog, ok := app.Store().Get(catalogKey).(*i18n.Catalog)
	if !ok {
		return errors.New("notify: not registered (notify.MustRegister)")
	}
	return app.RunInTransaction(func(tx core.App) error {
		return send(tx, catalog, n)
	})
}

// person is a signed-in recipient.
type person struct {
	prefs  Prefs
	unread int
}

func send(tx core.App, catalog *i18n.Catalog, n Notice) error {
	id := n.ID()
	t := now()
	res, err := tx.DB().NewQuery("INSERT OR IGNORE INTO hub_notices (id, key, kind, created) VALUES ({:id}, {:key}, {:kind}, {:created})").
		Bind(dbx.Params{"id": id, "key": n.Key, "kind": n.Kind, "created": types.NowDateTime().String()}).Execute()
	if err != nil {
		return err
	}
	if done, _ := res.RowsAffected(); done == 0 {
		return nil // sent before
	}

	users, guests, err := recipients(tx, &n)
	if err != nil {
		return err
	}
	if err := writeInbox(tx, id, n, users); err != nil {
		return err
	}
	people, err := loadPeople(tx, users)
	if err != nil {
		return err
	}
	subs, err := subscriptionsOf(tx, users)
	if err != nil {
		return err
	}

	type rendered struct{ title, body string }
	cache := map[string]rendered{}
	text := func(lang string, neutral bool) rendered {
		key := lang
		if neutral {
			key += "/neutral"
		}
		if r, ok := cache[key]; ok {
			return r
		}
		r := rendered{render(catalog, lang, n.Title), render(catalog, lang, n.Body)}
		if neutral {
			r = rendered{catalog.T(lang, "notify_neutral_title", nil), catalog.T(lang, "notify_neutral_body", nil)}
		}
		cache[key] = r
		return r
	}
	urgency := "normal"
	if n.Urgent {
		urgency = "high"
	}
	deliveries := make([]push.Delivery, 0, len(subs)+len(guests))
	add := func(sub subscriber, quiet *Quiet, previews bool, unread int) error {
		lang := catalog.Match(sub.Language)
		neutral := n.Sensitive && !previews
		r := text(lang, neutral)
		payload, err := encode(Payload{ID: id, Title: r.title, Body: r.body, URL: n.URL, Kind: n.Kind, Neutral: neutral, Unread: unread})
		if err != nil {
			return err
		}
		d := push.Delivery{Subscription: sub.ID, Notification: id, Payload: payload, Urgency: urgency, TTL: n.TTL, Announcement: n.Announcement}
		if !n.Urgent {
			d.NotBefore = quietUntil(quiet, t)
		}
		deliveries = append(deliveries, d)
		return nil
	}
	for _, sub := range subs {
		p := people[sub.User]
		if !wants(p.prefs, n) {
			continue
		}
		if err := add(sub, p.prefs.Quiet, p.prefs.Previews, p.unread); err != nil {
			return err
		}
	}
	for _, sub := range guests {
		r := receiveOf(sub.Receive)
		if err := add(sub, r.Quiet, r.Previews, 0); err != nil {
			return err
		}
	}
	return push.Enqueue(tx, deliveries...)
}

// wants reports whether a person's preferences let n through by push.
func wants(p Prefs, n Notice) bool {
	if on, set := p.Kinds[n.Kind]; set && !on {
		return false
	}
	if n.Group != "" {
		if on, set := p.Groups[n.Group]; set && !on {
			return false
		}
	}
	return true
}

// recipients resolves n's audience: the accounts (inbox and their
// subscriptions) and the guest subscriptions. A sensitive group makes
// the notice sensitive.
func recipients(tx core.App, n *Notice) (users []string, guests []subscriber, err error) {
	set := map[string]bool{}
	for _, u := range n.Users {
		if u != "" {
			set[u] = true
		}
	}
	switch {
	case n.Everyone:
		var all []string
		if err := tx.DB().Select("id").From("users").Column(&all); err != nil {
			return nil, nil, err
		}
		for _, u := range all {
			set[u] = true
		}
		subs, err := guestSubscriptions(tx)
		if err != nil {
			return nil, nil, err
		}
		guests = followingKind(subs, n.Kind)
	case n.Group != "":
		group, err := tx.FindRecordById("groups", n.Group)
		if err != nil {
			return nil, nil, err
		}
		if group.GetBool("sensitive") {
			n.Sensitive = true
		}
		var members []string
		err = tx.DB().Select("user").From("memberships").
			Where(dbx.HashExp{"group": n.Group, "status": "active"}).Column(&members)
		if err != nil {
			return nil, nil, err
		}
		for _, u := range members {
			set[u] = true
		}
		if group.GetBool("public") {
			var followers []subscriber
			err = tx.DB().NewQuery("SELECT " + subscriberColumns + " FROM push_subscriptions" +
				" WHERE json_valid(receive) AND EXISTS (SELECT 1 FROM json_each(receive, '$.groups') g WHERE g.value = {:group})" +
				" ORDER BY id").Bind(dbx.Params{"group": n.Group}).All(&followers)
			if err != nil {
				return nil, nil, err
			}
			var guestFollowers []subscriber
			for _, f := range followers {
				if f.User != "" {
					set[f.User] = true // a signed-in phone following a group: the person is told
				} else {
					guestFollowers = append(guestFollowers, f)
				}
			}
			guests = followingKind(guestFollowers, n.Kind)
		}
	}
	for u := range set {
		users = append(users, u)
	}
	sort.Strings(users)
	return users, guests, nil
}

// followingKind keeps the guest subscriptions that receive kind.
func followingKind(subs []subscriber, kind string) []subscriber {
	if !contains(vocab.NotifyGuestKinds, kind) {
		return nil
	}
	var out []subscriber
	for _, s := range subs {
		r := receiveOf(s.Receive)
		if len(r.Kinds) == 0 || contains(r.Kinds, kind) {
			out = append(out, s)
		}
	}
	return out
}

// loadPeople reads the recipients' preferences and unread counts (the
// inbox rows just written included) in two queries.
func loadPeople(tx core.App, users []string) (map[string]person, error) {
	people := map[string]person{}
	if len(users) == 0 {
		return people, nil
	}
	ids := make([]any, len(users))
	for i, u := range users {
		ids[i] = u
	}
	var prefs []struct {
		ID    string `db:"id"`
		Prefs string `db:"notify_prefs"`
	}
	if err := tx.DB().Select("id", "COALESCE(notify_prefs, '') AS notify_prefs").From("users").Where(dbx.In("id", ids...)).All(&prefs); err != nil {
		return nil, err
	}
	for _, p := range prefs {
		people[p.ID] = person{prefs: prefsOf(p.Prefs)}
	}
	var counts []struct {
		User string `db:"user"`
		N    int    `db:"n"`
	}
	err := tx.DB().Select("user", "count(*) AS n").From(Collection).
		Where(dbx.And(dbx.In("user", ids...), dbx.HashExp{"read_at": ""})).GroupBy("user").All(&counts)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		p := people[c.User]
		p.unread = c.N
		people[c.User] = p
	}
	return people, nil
}

// subscriber is what a subscription tells about its phone.
type subscriber struct {
	ID       string `db:"id"`
	User     string `db:"user"`     // "" for a guest
	Language string `db:"language"` // matched again: a hub language or the chain's fallback
	Receive  string `db:"receive"`  // Receive, JSON
}

const subscriberColumns = "id, COALESCE(user, '') AS user, COALESCE(language, '') AS language, COALESCE(receive, '') AS receive"

// subscriptionsOf are the phones these accounts signed in on.
func subscriptionsOf(tx core.App, users []string) ([]subscriber, error) {
	if len(users) == 0 {
		return nil, nil
	}
	var subs []subscriber
	err := tx.DB().NewQuery("SELECT " + subscriberColumns + " FROM push_subscriptions WHERE " +
		"user IN (SELECT value FROM json_each({:users})) ORDER BY id").Bind(dbx.Params{"users": jsonList(users)}).All(&subs)
	return subs, err
}

// guestSubscriptions are the phones not signed in.
func guestSubscriptions(tx core.App) ([]subscriber, error) {
	var subs []subscriber
	err := tx.DB().NewQuery("SELECT " + subscriberColumns + " FROM push_subscriptions WHERE COALESCE(user, '') = '' ORDER BY id").All(&subs)
	return subs, err
}

func jsonList(ids []string) string {
	raw, _ := json.Marshal(ids)
	return string(raw)
}
