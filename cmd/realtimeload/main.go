// Command realtimeload measures how fast a change reaches phones listening
// over realtime (docs/PERFORMANCE.md, "Realtime"): the hub's poke on
// hub/changes beside a stock PocketBase app's record subscription with a
// one-field rule, both started by this tool, in the same run, on loopback.
//
// For each size (1,000, 5,000, 10,000, 15,000 listeners by default) it holds
// that many SSE connections, reads the server's RSS from /proc, makes one
// public change through the API as a superuser and times its arrival at
// every listener (several rounds). Listeners come from many loopback
// addresses (127.0.1.x, 100 each), as phones behind shared addresses do, so
// the hub's rate limits stay on. It stops by itself (-deadline).
//
//	go build -o /tmp/hug-bench . && go run ./cmd/realtimeload -hub /tmp/hug-bench
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == stockCommand {
		runStock(os.Args[2:]) // the child process: a stock PocketBase
		return
	}
	hubBin := flag.String("hub", "./hug", "the hub's binary (go build -o ... .)")
	root := flag.String("root", ".", "the repository (pb_migrations, pb_hooks, pb_public)")
	sizesFlag := flag.String("sizes", "1000,5000,10000,15000", "listener counts, ascending")
	rounds := flag.Int("rounds", 3, "changes timed at each size")
	only := flag.String("only", "", "run only 'hub' or 'stock'")
	deadline := flag.Duration("deadline", 15*time.Minute, "the whole run stops after this")
	flag.Parse()

	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			log.Fatalf("bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	raiseFileLimit()
	ctx, cancel := context.WithTimeout(context.Background(), *deadline)
	defer cancel()

	fmt.Printf("realtimeload %s, %d CPUs, load average %s\n", time.Now().Format(time.RFC3339), numCPU(), loadAverage())
	var results []*result
	for _, kind := range []string{"hub", "stock"} {
		if *only != "" && *only != kind {
			continue
		}
		r, err := measure(ctx, kind, *hubBin, *root, sizes, *rounds)
		if err != nil {
			log.Printf("%s: %v", kind, err)
		}
		if r != nil {
			results = append(results, r)
		}
	}
	report(os.Stdout, results, sizes)
	fmt.Printf("load average at the end: %s\n", loadAverage())
}

// raiseFileLimit lifts the soft limit of open files to the hard one; the
// servers, started from here, inherit it.
func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(raw))
	return strings.Join(f[:3], " ")
}

func numCPU() int {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(raw), "processor\t:")
}

// rssKB is a process's resident memory, from /proc/<pid>/status.
func rssKB(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
