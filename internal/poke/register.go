// Package poke is the realtime third of sync (docs/SYNC.md, "Poke"): a
// goroutine reads the change log's new rows and tells each connected client
// that something it may see changed, as one message {"seq": S} on the topic
// hub/changes. The message carries no record data, and who is told is
// decided in memory from the client's auth and an index of memberships: no
// SQL query per client per event, unlike PocketBase's record subscriptions.
// The phone pulls (GET /api/hub/sync) when S is past its cursor and after
// every (re)connect, so nothing missed while away is lost.
package poke

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Topic is the realtime topic phones subscribe to. It names no collection,
// so PocketBase's record broadcaster (apis/realtime.go, which matches
// "<collection>/" prefixes) never checks a collection rule for it, and the
// query guard lets it through without options (internal/queryguard).
const Topic = "hub/changes"

// Interval is how often the change log is read when nothing nudged the
// poker sooner (writes through PocketBase nudge it at once after commit).
const Interval = 100 * time.Millisecond

// MustRegister starts the poker when the hub serves and stops it when the
// app terminates.
func MustRegister(app core.App) {
	p := &poker{app: app, nudge: make(chan struct{}, 1)}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "hubPokeStart",
		Func: func(se *core.ServeEvent) error {
			p.start()
			return se.Next()
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "hubPokeStop",
		Func: func(e *core.TerminateEvent) error {
			p.stop()
			return e.Next()
		},
	})
	// After a commit the rows are there: read them now rather than at the
	// next tick (these hooks run after the transaction, not inside it).
	nudge := func(e *core.ModelEvent) error {
		p.wake()
		return e.Next()
	}
	app.OnModelAfterCreateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Id: "hubPokeNudge", Func: nudge})
	app.OnModelAfterUpdateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Id: "hubPokeNudge", Func: nudge})
	app.OnModelAfterDeleteSuccess().Bind(&hook.Handler[*core.ModelEvent]{Id: "hubPokeNudge", Func: nudge})
}

// poker owns the cursor, the membership index and the loop.
type poker struct {
	app    core.App
	nudge  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

func (p *poker) start() {
	if p.cancel != nil {
		return // serve ran twice (tests build a router per handler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel, p.done = cancel, make(chan struct{})
	go p.run(ctx)
}

func (p *poker) stop() {
	if p.cancel == nil {
		return
	}
	p.cancel()
	<-p.done
	p.cancel = nil
}

func (p *poker) wake() {
	select {
	case p.nudge <- struct{}{}:
	default: // a nudge is already waiting
	}
}

// run reads the log from its newest seq at start (a phone pulls after it
// connects, so older rows need no poke) and pokes for every batch after.
func (p *poker) run(ctx context.Context) {
	defer close(p.done)
	cursor, err := latest(p.app)
	for err != nil {
		p.app.Logger().Warn("poke: reading the change log", "error", err)
		if !sleep(ctx, time.Second) {
			return
		}
		cursor, err = latest(p.app)
	}
	members := &memberIndex{}
	if err := members.load(p.app); err != nil {
		p.app.Logger().Warn("poke: reading memberships", "error", err)
	}
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-p.nudge:
		}
		next, err := p.pokeAfter(cursor, members)
		if err != nil {
			p.app.Logger().Warn("poke: reading the change log", "error", err)
			continue
		}
		cursor = next
	}
}

// pokeAfter reads every row after cursor and pokes the clients they reach;
// it returns the new cursor.
func (p *poker) pokeAfter(cursor int64, members *memberIndex) (int64, error) {
	var batch []row
	for {
		rows, err := after(p.app, cursor, pageSize)
		if err != nil {
			return cursor, err
		}
		batch = append(batch, rows...)
		if len(rows) > 0 {
			cursor = rows[len(rows)-1].Seq
		}
		if len(rows) < pageSize {
			break
		}
	}
	if len(batch) == 0 {
		return cursor, nil
	}
	if membershipsChanged(batch) {
		if err := members.load(p.app); err != nil {
			// keep the old index: a member may miss a poke until the next
			// change, and pulls at its next open
			p.app.Logger().Warn("poke: reading memberships", "error", err)
		}
	}
	fanOut(p.app, cursor, reachOf(batch, members))
	return cursor, nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
