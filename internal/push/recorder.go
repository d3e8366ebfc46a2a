package push

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// recorder writes the senders' results, many per transaction (one SQLite
// writer: a transaction per result would be the bottleneck).
func (w *worker) recorder() {
	const flushEvery = 20 * time.Millisecond
	var pending []result
	ticker := time.NewTicker(flushEvery)
	defer ticker.Stop()
	flush := func() {
		if len(pending) == 0 {
			return
		}
		retries, err := w.record(pending)
		if err != nil {
			w.app.Logger().Error("push: recording deliveries", "error", err.Error())
			// Left in flight: the next start sends them again.
		}
		pending = pending[:0]
		if retries {
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
	for {
		select {
		case r, ok := <-w.results:
			if !ok {
				flush()
				return
			}
			pending = append(pending, r)
			if len(pending) >= batch {
				flush()
			}
		case <-ticker.C:
			flush()
		}
	}
}

// record applies results: sent; the subscription deleted on 404 and 410
// (the push service says it no longer exists: only then); retried later on
// 429, 5xx and no answer, after Retry-After if the service gave one; failed
// on any other refusal (413: too large, 400/401/403: the request or the
// VAPID signature refused) or after MaxAttempts.
func (w *worker) record(results []result) (retries bool, err error) {
	now := timeNow().UTC()
	nowStr := dt(now)
	err = w.app.RunInTransaction(func(tx core.App) error {
		sent := map[int][]any{} // by status: one statement for each
		for _, r := range results {
			set := dbx.Params{"sending": "", "last_status": r.status, "updated": nowStr}
			switch s := r.status; {
			case statusOK(s):
				sent[s] = append(sent[s], r.job.ID)
				continue
			case s == http.StatusNotFound || s == http.StatusGone:
				if err := deleteSubscription(tx, r.job.Subscription); err != nil {
					return err
				}
				continue // its deliveries went with it
			case s == 0 || s == http.StatusTooManyRequests || s >= 500:
				if r.job.Attempts >= MaxAttempts {
					set["state"] = "failed"
					break
				}
				delay := r.retryAfter
				if delay == 0 {
					delay = backoff(r.job.Attempts)
				}
				set["next_attempt"] = dt(now.Add(delay))
				retries = true
			default:
				set["state"] = "failed"
			}
			if _, err := tx.DB().Update("push_deliveries", set, dbx.HashExp{"id": r.job.ID}).Execute(); err != nil {
				return err
			}
		}
		for status, ids := range sent {
			_, err := tx.DB().NewQuery("UPDATE push_deliveries SET state = 'sent', sending = '', last_status = {:status}, updated = {:now} WHERE " +
				inIDs(len(ids))).Bind(bindIDs(dbx.Params{"status": status, "now": nowStr}, ids)).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	})
	return retries, err
}

// backoff is RetryBase doubled for each attempt after the first, at most
// RetryMax, with a fifth of jitter so that retries of a fan-out spread out.
func backoff(attempts int) time.Duration {
	d := RetryBase
	for i := 1; i < attempts && d < RetryMax; i++ {
		d *= 2
	}
	d = min(d, RetryMax)
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

func deleteSubscription(tx core.App, id string) error {
	record, err := tx.FindRecordById("push_subscriptions", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return tx.Delete(record)
}
