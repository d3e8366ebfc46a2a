package durability

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Config is one durability run.
type Config struct {
	Root      string        // the repository (to build the hub and find its dirs)
	Bin       string        // a hub built with -tags hugcrashtest; "" builds one
	Mutations int           // how many mutations the phones make in all
	Phones    int           // simulated phones, one person each
	Kills     int           // SIGKILLs of the hub during the run
	Seed      int64         // random seed (0: from the clock)
	Timeout   time.Duration // the whole run stops after this
	Log       io.Writer     // progress; the hub's own output is dropped
}

// Report is what a run found.
type Report struct {
	Mutations, Applied, Rejected, Replayed int
	Kills, Restarts                        int
	LostAnswers, Disconnects               int
	Lost, AppliedTwice, Mismatches         int
	Problems                               []string
	Duration                               time.Duration
}

// OK reports whether nothing was lost, nothing applied twice and the
// database equals the serial model.
func (r Report) OK() bool { return r.Lost == 0 && r.AppliedTwice == 0 && r.Mismatches == 0 }

func (r Report) String() string {
	return fmt.Sprintf("%d mutations (%d applied, %d rejected, %d answers were replays) by phones, %d SIGKILLs, %d lost answers, %d cut connections in %s: %d lost, %d applied twice, %d differences from the serial model",
		r.Mutations, r.Applied, r.Rejected, r.Replayed, r.Kills, r.LostAnswers, r.Disconnects, r.Duration.Round(time.Second), r.Lost, r.AppliedTwice, r.Mismatches)
}

func uuid4(rng *mrand.Rand) string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// phone is one simulated phone: its person, what it believes it made, its
// outbox and the outcomes it received.
type phone struct {
	user, email string
	client      *Client
	rng         *mrand.Rand
	regs        map[string]string // registration id -> activity (made here)
	memberships map[string]string // membership id -> group
	made        []Mutation        // in the order the person acted
	outbox      []Mutation
	received    map[string]Outcome
}

var languages = []string{"it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"}

func (p *phone) next(activities, groups []string) Mutation {
	id := uuid4(p.rng)
	pick := func(m map[string]string) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		if len(keys) == 0 {
			return ""
		}
		sortStrings(keys)
		return keys[p.rng.Intn(len(keys))]
	}
	switch r := p.rng.Intn(100); {
	case r < 30 && len(notIn(activities, p.regs)) > 0:
		reg := core.GenerateDefaultRandomId()
		free := notIn(activities, p.regs)
		a := free[p.rng.Intn(len(free))]
		p.regs[reg] = a
		return Mutation{id, "register", map[string]any{"registration": reg, "activity": a, "adults": 1 + p.rng.Intn(2), "children": p.rng.Intn(3)}}
	case r < 34 && len(p.regs) > 0: // twice for one activity: registration_exists
		a := p.regs[pick(p.regs)]
		return Mutation{id, "register", map[string]any{"registration": core.GenerateDefaultRandomId(), "activity": a, "adults": 1, "children": 0}}
	case r < 45 && len(p.regs) > 0:
		return Mutation{id, "change_registration", map[string]any{"registration": pick(p.regs), "adults": 1 + p.rng.Intn(2), "children": p.rng.Intn(3)}}
	case r < 60 && len(p.regs) > 0:
		return Mutation{id, "cancel_registration", map[string]any{"registration": pick(p.regs)}}
	case r < 70 && len(notIn(groups, p.memberships)) > 0:
		ms := core.GenerateDefaultRandomId()
		free := notIn(groups, p.memberships)
		g := free[p.rng.Intn(len(free))]
		p.memberships[ms] = g
		return Mutation{id, "join_group", map[string]any{"membership": ms, "group": g}}
	case r < 77 && len(p.memberships) > 0:
		ms := pick(p.memberships)
		delete(p.memberships, ms) // may be joined again, with a new id
		return Mutation{id, "leave_group", map[string]any{"membership": ms}}
	case r < 90:
		return Mutation{id, "update_profile", map[string]any{"municipality": fmt.Sprintf("Comune %d", p.rng.Intn(1000))}}
	}
	return Mutation{id, "set_language", map[string]any{"language": languages[p.rng.Intn(len(languages))]}}
}

// notIn lists the ids the phone holds nothing for yet (mine: id -> target).
func notIn(ids []string, mine map[string]string) []string {
	held := map[string]bool{}
	for _, target := range mine {
		held[target] = true
	}
	var out []string
	for _, id := range ids {
		if !held[id] {
			out = append(out, id)
		}
	}
	return out
}

// send pushes the head of the outbox once, with the faults of a bad
// network: the connection cut before the answer, or the answer lost.
func (p *phone) send(base string, rep *Report, mu *sync.Mutex) {
	if len(p.outbox) == 0 {
		return
	}
	n := 1 + p.rng.Intn(10)
	if n > len(p.outbox) {
		n = len(p.outbox)
	}
	batch := p.outbox[:n]
	ctx, cancel := context.Background(), func() {}
	cut := p.rng.Intn(100) < 8
	if cut {
		ctx, cancel = context.WithTimeout(ctx, time.Duration(p.rng.Intn(15))*time.Millisecond)
	}
	defer cancel()
	body, _ := json.Marshal(map[string]any{"mutations": batch})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/hub/mutations", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", p.client.Token)
	res, err := p.client.HTTP.Do(req)
	if err != nil {
		mu.Lock()
		if cut {
			rep.Disconnects++
		}
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // back off: the hub may be restarting
		return
	}
	defer res.Body.Close()
	var answer struct{ Results []Outcome }
	data, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || json.Unmarshal(data, &answer) != nil || len(answer.Results) != n {
		time.Sleep(20 * time.Millisecond)
		return
	}
	if p.rng.Intn(100) < 8 { // the answer is lost on the way back
		mu.Lock()
		rep.LostAnswers++
		mu.Unlock()
		return
	}
	for _, o := range answer.Results {
		if prev, seen := p.received[o.ID]; seen && (prev.Status != o.Status) {
			mu.Lock()
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s answered %s then %s", o.ID, prev.Status, o.Status))
			rep.Mismatches++
			mu.Unlock()
		}
		p.received[o.ID] = o
		if o.Replayed {
			mu.Lock()
			rep.Replayed++
			mu.Unlock()
		}
	}
	p.outbox = p.outbox[n:]
}

// Run makes the phones act while the hub is killed and restarted, then
// checks the database against the serial model.
func Run(cfg Config) (Report, error) {
	start := time.Now()
	var rep Report
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Seed == 0 {
		cfg.Seed = time.Now().UnixNano()
	}
	fmt.Fprintf(cfg.Log, "durability: %d mutations, %d phones, %d kills, seed %d\n", cfg.Mutations, cfg.Phones, cfg.Kills, cfg.Seed)
	work, err := os.MkdirTemp("", "hug-durability-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(work)
	if cfg.Bin == "" {
		if cfg.Bin, err = Build(cfg.Root, work); err != nil {
			return rep, err
		}
	}
	dataDir := filepath.Join(work, "pb_data")
	srv, err := NewServer(cfg.Bin, cfg.Root, dataDir)
	if err != nil {
		return rep, err
	}
	if err := srv.Start(); err != nil {
		return rep, err
	}
	defer srv.Kill()
	w, err := prepare(srv.URL(), cfg.Phones, cfg.Seed, nil)
	if err != nil {
		return rep, err
	}

	// The phones act and send; the hub is killed as the count passes each
	// step, by a SIGKILL from outside or, every other time, by its own
	// crash point right after a commit.
	deadline := start.Add(cfg.Timeout)
	var made atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := make(chan struct{})
	var srvMu sync.Mutex
	go func() { // the killer
		for k := 1; k <= cfg.Kills; k++ {
			for made.Load() < int64(k*cfg.Mutations/(cfg.Kills+1)) {
				select {
				case <-done:
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
			srvMu.Lock()
			if k%2 == 1 {
				srv.Kill()
			} else {
				// restarted with a crash point: it dies by itself right
				// after the n-th commit (perhaps before it answers its
				// first health check)
				srv.Kill()
				_ = srv.Start(fmt.Sprintf("HUG_CRASH_AFTER_COMMITS=%d", 1+mrand.Intn(15)))
				if killed, err := srv.Wait(20 * time.Second); err != nil || !killed {
					srv.Kill()
				}
			}
			mu.Lock()
			rep.Kills++
			mu.Unlock()
			fmt.Fprintf(cfg.Log, "durability: SIGKILL %d after %d mutations made\n", k, made.Load())
			if err := srv.Start(); err != nil {
				fmt.Fprintf(cfg.Log, "durability: restart failed: %v\n", err)
			}
			rep.Restarts++
			srvMu.Unlock()
		}
	}()
	for _, p := range w.phones {
		wg.Add(1)
		go func(p *phone) {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if made.Load() < int64(cfg.Mutations) && p.rng.Intn(2) == 0 {
					if made.Add(1) <= int64(cfg.Mutations) {
						m := p.next(w.activities, w.groups)
						p.made = append(p.made, m)
						p.outbox = append(p.outbox, m)
					}
				}
				if made.Load() >= int64(cfg.Mutations) && len(p.outbox) == 0 {
					return
				}
				p.send(srv.URL(), &rep, &mu)
			}
		}(p)
	}
	wg.Wait()
	close(done)
	srvMu.Lock()
	srv.Kill() // the last one: the database is read as a crash leaves it
	srvMu.Unlock()
	rep.Mutations = int(min(made.Load(), int64(cfg.Mutations)))
	for _, p := range w.phones {
		if len(p.outbox) > 0 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("phone %s: %d mutations still unsent at the deadline", p.email, len(p.outbox)))
		}
	}
	serialBin, serialRoot = cfg.Bin, cfg.Root
	err = verify(dataDir, w, &rep)
	rep.Duration = time.Since(start)
	return rep, err
}
