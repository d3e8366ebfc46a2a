package push

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// A phone re-posts its subscription every time the app starts. One that
// has not for WarnAfter is told (in its language) to open the app; after
// DropAfter the subscription is deleted: its phone is probably gone, and a
// push service would sooner or later refuse it anyway.
const (
	WarnAfter = 55 * 24 * time.Hour
	DropAfter = 60 * 24 * time.Hour
)

// SweepUnused deletes the subscriptions unused for DropAfter and queues a
// warning to those unused for WarnAfter and not yet warned (once: posting
// again clears warned_at). The cron job "hubPushUnused" runs it daily.
func SweepUnused(app core.App, catalog *i18n.Catalog, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		stale, err := tx.FindRecordsByFilter("push_subscriptions", "last_seen < {:cut}", "", 0, 0,
			dbx.Params{"cut": dt(now.Add(-DropAfter))})
		if err != nil {
			return err
		}
		for _, r := range stale {
			if err := tx.Delete(r); err != nil {
				return err
			}
		}
		warn, err := tx.FindRecordsByFilter("push_subscriptions", "last_seen < {:cut} && warned_at = ''", "", 0, 0,
			dbx.Params{"cut": dt(now.Add(-WarnAfter))})
		if err != nil {
			return err
		}
		var ds []Delivery
		for _, r := range warn {
			lang := r.GetString("language")
			id := "push-unused-" + r.Id + "-" + r.GetDateTime("last_seen").Time().Format("20060102")
			payload, err := json.Marshal(map[string]any{
				"id":    id,
				"kind":  "push_unused",
				"lang":  lang,
				"title": catalog.T(lang, "push_unused_title", nil),
				"body":  catalog.T(lang, "push_unused_body", nil),
				"url":   "/",
			})
			if err != nil {
				return err
			}
			// Until the day it would be dropped: no use after that.
			ttl := r.GetDateTime("last_seen").Time().Add(DropAfter).Sub(now)
			ds = append(ds, Delivery{Subscription: r.Id, Notification: id, Payload: payload, TTL: max(ttl, time.Hour)})
			r.Set("warned_at", now)
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		return Enqueue(tx, ds...)
	})
}
