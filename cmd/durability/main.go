// Command durability is the full durability run of the sync push
// (docs/SYNC.md): simulated phones make random mutations over a network
// that cuts connections and loses answers, while the hub (built with its
// crash points, on a loopback port and a temporary data dir) is SIGKILLed
// and restarted; at the end the database must equal the serial model of
// the same mutations: 0 lost, 0 applied twice. `make durability` runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cremona/hug/internal/mutations/durability"
)

func main() {
	cfg := durability.Config{Log: os.Stdout}
	flag.IntVar(&cfg.Mutations, "mutations", 1000, "mutations made by all phones")
	flag.IntVar(&cfg.Phones, "phones", 6, "simulated phones")
	flag.IntVar(&cfg.Kills, "kills", 5, "SIGKILLs of the hub during the run")
	flag.Int64Var(&cfg.Seed, "seed", 0, "random seed (0: from the clock)")
	flag.DurationVar(&cfg.Timeout, "timeout", 5*time.Minute, "the run stops after this")
	flag.StringVar(&cfg.Root, "root", ".", "the repository")
	flag.Parse()
	rep, err := durability.Run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "durability:", err)
		os.Exit(2)
	}
	fmt.Println(rep)
	for _, p := range rep.Problems {
		fmt.Println("  ", p)
	}
	if !rep.OK() || len(rep.Problems) > 0 || rep.Mutations != cfg.Mutations {
		os.Exit(1)
	}
}
