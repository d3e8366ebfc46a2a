package push

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Tuning of the worker. Variables so that tests can shorten them before a
// hub serves (never while one runs).
var (
	// DefaultWorkers sends at once; each is one HTTP request in flight.
	DefaultWorkers = 64
	// SendTimeout bounds one request: a push service that hangs holds one
	// worker this long, never the queue.
	SendTimeout = 10 * time.Second
	// RetryBase is the first retry's delay after a 5xx or a network error
	// without Retry-After; it doubles with each attempt, up to RetryMax.
	RetryBase = 30 * time.Second
	RetryMax  = time.Hour
	// MaxAttempts before a delivery is failed.
	MaxAttempts = 8
	// batch is how many due deliveries one claim takes.
	batch = 500
	// idlePoll is the longest the worker sleeps without being woken.
	idlePoll = time.Minute
	timeNow  = time.Now
)

type job struct {
	ID           string `db:"id"`
	Subscription string `db:"subscription"`
	Notification string `db:"notification"`
	Payload      string `db:"payload"`
	Urgency      string `db:"urgency"`
	TTL          int64  `db:"ttl"`
	NotBefore    string `db:"not_before"`
	Endpoint     string `db:"endpoint"`
	P256dh       string `db:"p256dh"`
	Auth         string `db:"auth"`
	Attempts     int    `db:"attempts"`
	remaining    time.Duration
}

type result struct {
	job        job
	status     int           // the push service's answer; 0: no answer
	retryAfter time.Duration // from a 429 or 5xx
}

type worker struct {
	app        core.App
	keys       Keys
	allow      *Allowlist
	subscriber string
	client     *http.Client
	pool       int

	wake     chan struct{}
	jobs     chan job
	results  chan result
	stopping chan struct{}
	senders  sync.WaitGroup
	done     chan struct{}
}

func newWorker(app core.App, keys Keys, allow *Allowlist, subscriber string, pool int) *worker {
	if pool <= 0 {
		pool = DefaultWorkers
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = pool
	return &worker{
		app: app, keys: keys, allow: allow, subscriber: subscriber, pool: pool,
		client:   &http.Client{Timeout: SendTimeout, Transport: transport},
		wake:     make(chan struct{}, 1),
		jobs:     make(chan job, batch),
		results:  make(chan result, batch),
		stopping: make(chan struct{}),
		done:     make(chan struct{}),
	}
}

// start releases the deliveries a killed hub left in flight (they are sent
// again: the push service may or may not have had them, and the service
// worker drops a notification id it already showed), then runs.
func (w *worker) start() error {
	res, err := w.app.DB().NewQuery("UPDATE push_deliveries SET sending = '' WHERE sending != '' AND state = 'queued'").Execute()
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		w.app.Logger().Warn("push: deliveries in flight when the hub stopped are sent again", "count", n)
	}
	wakers.Store(w.app.DataDir(), w.wake)
	for range w.pool {
		w.senders.Add(1)
		go w.sender()
	}
	recorded := make(chan struct{})
	go func() { w.recorder(); close(recorded) }()
	go func() {
		w.dispatcher()
		close(w.jobs)
		w.senders.Wait()
		close(w.results)
		<-recorded
		close(w.done)
	}()
	return nil
}

// stop lets the requests in flight finish (at most SendTimeout), records
// them and releases what was taken but not sent.
func (w *worker) stop() {
	wakers.CompareAndDelete(w.app.DataDir(), w.wake)
	close(w.stopping)
	<-w.done
	if _, err := w.app.DB().NewQuery("UPDATE push_deliveries SET sending = '' WHERE sending != '' AND state = 'queued'").Execute(); err != nil {
		w.app.Logger().Error("push: releasing deliveries", "error", err.Error())
	}
}

// dispatcher claims due deliveries and hands them to the senders, sleeping
// until woken (Enqueue, a retry) or the next one is due.
func (w *worker) dispatcher() {
	for {
		select {
		case <-w.stopping:
			return
		default:
		}
		jobs, next, err := w.claim()
		if err != nil {
			w.app.Logger().Error("push: claiming deliveries", "error", err.Error())
			next = timeNow().Add(5 * time.Second)
		}
		for i, j := range jobs {
			select {
			case w.jobs <- j:
			case <-w.stopping:
				w.release(jobs[i:])
				return
			}
		}
		if len(jobs) == batch {
			continue
		}
		sleep := min(max(time.Until(next), 0), idlePoll)
		if next.IsZero() {
			sleep = idlePoll
		}
		timer := time.NewTimer(sleep)
		select {
		case <-w.wake:
		case <-timer.C:
		case <-w.stopping:
			timer.Stop()
			return
		}
		timer.Stop()
	}
}

// claim takes up to batch due deliveries (marking them in flight and
// counting the attempt), expires those whose TTL has passed, and says when
// the next one not yet due will be.
func (w *worker) claim() ([]job, time.Time, error) {
	var jobs []job
	var next time.Time
	now := timeNow().UTC()
	nowStr := dt(now)
	err := w.app.RunInTransaction(func(tx core.App) error {
		var rows []job
		// Ordered by next_attempt alone, the order of the (state,
		// next_attempt) index: adding a tie-breaker made SQLite sort every
		// queued row at each claim (a fan-out of 10,000 took 0.5 s longer).
		err := tx.DB().NewQuery(`
			SELECT d.id, d.subscription, d.notification, d.payload, d.urgency, d.ttl, d.not_before, d.attempts,
			       coalesce(s.endpoint, '') AS endpoint, coalesce(s.p256dh, '') AS p256dh, coalesce(s.auth, '') AS auth
			FROM push_deliveries d LEFT JOIN push_subscriptions s ON s.id = d.subscription
			WHERE d.state = 'queued' AND d.sending = '' AND d.next_attempt <= {:now}
			ORDER BY d.next_attempt LIMIT {:batch}`).
			Bind(dbx.Params{"now": nowStr, "batch": batch}).All(&rows)
		if err != nil {
			return err
		}
		for _, r := range rows {
			state := ""
			notBefore, _ := types.ParseDateTime(r.NotBefore)
			r.remaining = notBefore.Time().Add(time.Duration(r.TTL) * time.Second).Sub(now)
			switch {
			case r.Endpoint == "" || !w.allow.Allows(r.Endpoint):
				state = "failed" // its subscription is gone, or its service no longer allowed
			case r.remaining <= 0:
				state = "expired"
			}
			if state != "" {
				if _, err := tx.DB().Update("push_deliveries", dbx.Params{"state": state, "updated": nowStr}, dbx.HashExp{"id": r.ID}).Execute(); err != nil {
					return err
				}
				continue
			}
			r.Attempts++
			jobs = append(jobs, r)
		}
		// One statement takes them all (a fan-out is thousands of rows).
		if len(jobs) > 0 {
			ids := make([]any, len(jobs))
			for i, j := range jobs {
				ids[i] = j.ID
			}
			_, err := tx.DB().NewQuery("UPDATE push_deliveries SET sending = {:now}, attempts = attempts + 1, updated = {:now} WHERE " +
				inIDs(len(ids))).Bind(bindIDs(dbx.Params{"now": nowStr}, ids)).Execute()
			if err != nil {
				return err
			}
		}
		var nextStr string
		err = tx.DB().NewQuery("SELECT coalesce(min(next_attempt), '') FROM push_deliveries WHERE state = 'queued' AND sending = ''").Row(&nextStr)
		if err == nil && nextStr != "" {
			n, _ := types.ParseDateTime(nextStr)
			next = n.Time()
		}
		return err
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	return jobs, next, nil
}

func (w *worker) release(jobs []job) {
	for _, j := range jobs {
		w.app.DB().Update("push_deliveries", dbx.Params{"sending": ""}, dbx.HashExp{"id": j.ID}).Execute()
	}
}

func (w *worker) sender() {
	defer w.senders.Done()
	for j := range w.jobs {
		select {
		case <-w.stopping:
			continue // taken, not sent: stop releases it
		default:
		}
		w.results <- w.send(j)
	}
}

// send posts one delivery. The payload is copied for each send: webpush-go
// pads the message inside the slice it is given.
func (w *worker) send(j job) result {
	payload := make([]byte, len(j.Payload))
	copy(payload, j.Payload)
	resp, err := webpush.SendNotification(payload, &webpush.Subscription{
		Endpoint: j.Endpoint,
		Keys:     webpush.Keys{P256dh: j.P256dh, Auth: j.Auth},
	}, &webpush.Options{
		HTTPClient:      w.client,
		Subscriber:      w.subscriber,
		Topic:           Topic(j.Notification),
		TTL:             int(max(j.remaining/time.Second, 1)),
		Urgency:         webpush.Urgency(urgencyOr(j.Urgency)),
		VAPIDPublicKey:  w.keys.Public,
		VAPIDPrivateKey: w.keys.Private,
	})
	if err != nil {
		return result{job: j} // no answer: retried
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
	return result{job: j, status: resp.StatusCode, retryAfter: retryAfter(resp.Header.Get("Retry-After"), timeNow())}
}

func urgencyOr(u string) string {
	if u == "" {
		return "normal"
	}
	return u
}

var topicChars = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Topic is the Topic header of a notification (RFC 8030 §5.4: at most 32
// base64url characters): its id when it fits, else a hash of it. A message
// sent again while the push service still holds the first replaces it.
func Topic(notification string) string {
	if topicChars.MatchString(notification) {
		return notification
	}
	sum := sha256.Sum256([]byte(notification))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:32]
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func dt(t time.Time) string {
	d, _ := types.ParseDateTime(t)
	return d.String()
}

// inIDs is "id IN ({:id0}, {:id1}, …)" for n ids bound by bindIDs.
func inIDs(n int) string {
	var b strings.Builder
	b.WriteString("id IN (")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "{:id%d}", i)
	}
	b.WriteString(")")
	return b.String()
}

func bindIDs(params dbx.Params, ids []any) dbx.Params {
	for i, id := range ids {
		params[fmt.Sprintf("id%d", i)] = id
	}
	return params
}
