package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// roundTimeout is how long a round waits for the last listener.
const roundTimeout = 10 * time.Second

type round struct {
	p50, p99, max time.Duration
	within1s      float64 // share of listeners reached within 1 s
	reached       int
}

type level struct {
	size, held int
	rssKB      int64
	rounds     []round
}

type result struct {
	kind   string
	baseKB int64 // RSS with no listener
	levels []level
}

func measure(ctx context.Context, kind, hubBin, root string, sizes []int, rounds int) (*result, error) {
	dir, err := os.MkdirTemp("", "realtimeload-"+kind+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	s, err := startServer(ctx, kind, hubBin, root, dir)
	if err != nil {
		return nil, err
	}
	defer s.stop()
	time.Sleep(2 * time.Second)
	r := &result{kind: kind, baseKB: rssKB(s.pid())}
	ls := newListeners(s.url, s.topic())
	defer ls.close()
	changes := 0
	for _, size := range sizes {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		began := time.Now()
		err := ls.grow(ctx, size)
		lv := level{size: size, held: heldCount(ls)}
		fmt.Fprintf(os.Stderr, "%s: %d listeners held (%d wanted) in %s\n", kind, lv.held, size, time.Since(began).Round(time.Millisecond))
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", kind, err)
		}
		time.Sleep(2 * time.Second) // let the connections settle
		lv.rssKB = rssKB(s.pid())
		for range rounds {
			ls.reset()
			changes++
			t0 := time.Now()
			if err := s.change(changes); err != nil {
				return r, err
			}
			lv.rounds = append(lv.rounds, summarize(ls.wait(t0, roundTimeout)))
			fmt.Fprintf(os.Stderr, "%s %d: %s\n", kind, size, lv.rounds[len(lv.rounds)-1])
			time.Sleep(time.Second)
		}
		r.levels = append(r.levels, lv)
		if lv.held < size {
			return r, fmt.Errorf("only %d of %d listeners held", lv.held, size)
		}
	}
	return r, nil
}

func heldCount(ls *listeners) int {
	n := 0
	for _, c := range ls.conns {
		if c != nil {
			n++
		}
	}
	return n
}

func summarize(delays []time.Duration) round {
	var got []time.Duration
	within := 0
	for _, d := range delays {
		if d >= 0 {
			got = append(got, d)
			if d <= time.Second {
				within++
			}
		}
	}
	rd := round{reached: len(got), within1s: float64(within) / float64(len(delays))}
	if len(got) == 0 {
		return rd
	}
	slices.Sort(got)
	// a listener not reached counts as later than every reached one
	at := func(q float64) time.Duration {
		i := int(q*float64(len(delays))+0.5) - 1
		if i >= len(got) {
			return -1
		}
		return got[max(i, 0)]
	}
	rd.p50, rd.p99, rd.max = at(0.50), at(0.99), got[len(got)-1]
	return rd
}

func (r round) String() string {
	return fmt.Sprintf("p50 %s, p99 %s, max %s, %.1f%% within 1 s, %d reached",
		ms(r.p50), ms(r.p99), ms(r.max), 100*r.within1s, r.reached)
}

func ms(d time.Duration) string {
	if d < 0 {
		return "not reached"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// best is the round with the lowest p99 (others share the CPU: the best of
// several is the least disturbed).
func best(rs []round) round {
	b := rs[0]
	for _, r := range rs[1:] {
		if r.p99 >= 0 && (b.p99 < 0 || r.p99 < b.p99) {
			b = r
		}
	}
	return b
}

func report(w io.Writer, results []*result, sizes []int) {
	fmt.Fprintf(w, "\n| app | listeners held | server RSS | per listener | p50 | p99 (best round) | within 1 s | p99 of every round |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		for _, lv := range r.levels {
			b := best(lv.rounds)
			var all []string
			for _, rd := range lv.rounds {
				all = append(all, ms(rd.p99))
			}
			per := "?"
			if lv.held > 0 {
				per = fmt.Sprintf("%.1f KB", float64(lv.rssKB-r.baseKB)/float64(lv.held))
			}
			fmt.Fprintf(w, "| %s | %d | %d MB | %s | %s | %s | %.1f%% | %v |\n",
				r.kind, lv.held, lv.rssKB/1024, per, ms(b.p50), ms(b.p99), 100*b.within1s, all)
		}
	}
}
