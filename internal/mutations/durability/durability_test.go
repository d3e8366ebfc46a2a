package durability_test

import (
	"os"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations/durability"
)

// The short durability run of `make test`: 150 mutations from 4 phones
// over a network that cuts connections and loses answers, the hub SIGKILLed
// twice (once from outside, once by its crash point right after a commit);
// nothing lost, nothing applied twice, the database equals the serial
// model. The full run is `make durability`.
func TestShortDurabilityRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the hub binary")
	}
	cfg := durability.Config{Root: hubtest.Root(), Mutations: 150, Phones: 4, Kills: 2, Timeout: 90 * time.Second}
	if testing.Verbose() {
		cfg.Log = os.Stderr
	}
	rep, err := durability.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	for _, p := range rep.Problems {
		t.Log(p)
	}
	if !rep.OK() || rep.Kills != 2 || rep.Mutations != 150 || len(rep.Problems) > 0 {
		t.Errorf("durability run failed: %s", rep)
	}
}
