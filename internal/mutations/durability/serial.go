package durability

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

type serialRun struct {
	outcomes map[string]Outcome
	state    map[string]string
}

// replaySerially starts a second hub on a fresh data dir, makes the same
// people and activities, sends each stored mutation alone, in commit
// order, as its person, and reads the state it ends with.
func replaySerially(w *world, rows []storedRow, byID map[string]Mutation) (*serialRun, error) {
	dir, err := os.MkdirTemp("", "hug-durability-serial-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	srv, err := NewServer(serialBin, serialRoot, filepath.Join(dir, "pb_data"))
	if err != nil {
		return nil, err
	}
	if err := srv.Start(); err != nil {
		return nil, err
	}
	defer srv.Kill()
	twin, err := prepare(srv.URL(), len(w.phones), 1, w)
	if err != nil {
		return nil, fmt.Errorf("serial hub: %w", err)
	}
	// the demo groups have other ids on this hub: by slug
	groupID := map[string]string{}
	for id, slug := range twin.groupSlug {
		groupID[slug] = id
	}
	clients := map[string]*Client{}
	for _, p := range twin.phones {
		clients[p.user] = p.client
	}
	run := &serialRun{outcomes: map[string]Outcome{}}
	// consecutive mutations of one person go in one batch (a batch is
	// applied in order, one transaction each: still serial)
	var batch []Mutation
	var user string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		for tries := 0; ; tries++ {
			outcomes, status, err := clients[user].Push(batch)
			if status == http.StatusTooManyRequests && tries < 30 {
				time.Sleep(time.Second)
				continue
			}
			if err != nil || status != http.StatusOK || len(outcomes) != len(batch) {
				return fmt.Errorf("serial hub: %d %v", status, err)
			}
			for _, o := range outcomes {
				run.outcomes[o.ID] = o
			}
			batch = batch[:0]
			return nil
		}
	}
	for _, r := range rows {
		m, ok := byID[r.Mutation]
		if !ok {
			continue
		}
		if r.User != user || len(batch) == 100 {
			if err := flush(); err != nil {
				return nil, err
			}
			user = r.User
		}
		args := map[string]any{}
		for k, v := range m.Args {
			args[k] = v
		}
		if g, ok := args["group"].(string); ok {
			args["group"] = groupID[w.groupSlug[g]]
		}
		batch = append(batch, Mutation{ID: m.ID, Name: m.Name, Args: args})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	srv.Kill()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(dir, "pb_data")})
	if err := app.Bootstrap(); err != nil {
		return nil, err
	}
	defer app.ResetBootstrapState()
	// the twin's groups are compared by slug, its people and activities have the run's ids
	run.state, err = stateOf(app, w)
	return run, err
}

// serialBin and serialRoot are the binary and repository of the run (set
// by Run before verifying).
var serialBin, serialRoot string
