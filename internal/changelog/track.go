package changelog

import (
	"slices"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// AudiencesFunc says who may see record in its current state, mirroring the
// collection's view rule (staff and superusers see everything anyway).
type AudiencesFunc func(app core.App, record *core.Record) ([]string, error)

// ResetsFunc names the people whose whole view changes with this write
// (before is nil on a create, after nil on a delete): each gets a reset row.
type ResetsFunc func(app core.App, before, after *core.Record) ([]string, error)

// storeKey holds the synced collections' names in the app's store.
const storeKey = "hubChangelogCollections"

var trackedMu sync.Mutex

// Collections are the synced collections of app, in the order they were
// tracked (the order of a snapshot).
func Collections(app core.App) []string {
	trackedMu.Lock()
	defer trackedMu.Unlock()
	names, _ := app.Store().Get(storeKey).([]string)
	return slices.Clone(names)
}

// Track makes collection synced: every create, update and delete of it
// writes rows for the audiences before and after the change (so whoever
// loses sight of a record gets a row, and at pull time a tombstone), and a
// reset row for each person resets names. resets may be nil.
//
// The rows are written inside the write's transaction: the hooks wrap the
// database write (the Execute hooks, inside validation and every
// OnRecordCreate/Update/Delete hook) in RunInTransaction, which joins an
// outer transaction when there is one, so a later failure that rolls the
// record back takes its rows with it.
func Track(app core.App, collection string, audiences AudiencesFunc, resets ResetsFunc) {
	trackedMu.Lock()
	names, _ := app.Store().Get(storeKey).([]string)
	if !slices.Contains(names, collection) {
		app.Store().Set(storeKey, append(slices.Clone(names), collection))
	}
	trackedMu.Unlock()

	log := func(e *core.RecordEvent, existed bool, after *core.Record) error {
		return e.App.RunInTransaction(func(txApp core.App) error {
			outer := e.App
			e.App = txApp
			defer func() { e.App = outer }()

			// What the record was is read here, under the write lock, not
			// taken from the caller's copy: a copy loaded before another
			// write committed would name the wrong audiences
			// (TestAWriteFromAStaleCopyStillTombstones).
			var before *core.Record
			if existed {
				var err error
				if before, err = txApp.FindRecordById(collection, e.Record.Id); err != nil {
					return err
				}
			}
			var rows []string
			if before != nil {
				a, err := audiences(txApp, before)
				if err != nil {
					return err
				}
				rows = append(rows, a...)
			}
			if err := e.Next(); err != nil {
				return err
			}
			if after != nil {
				a, err := audiences(txApp, after)
				if err != nil {
					return err
				}
				rows = append(rows, a...)
			}
			if err := write(txApp, collection, e.Record.Id, rows); err != nil {
				return err
			}
			if resets == nil {
				return nil
			}
			people, err := resets(txApp, before, after)
			if err != nil {
				return err
			}
			for _, id := range people {
				if err := write(txApp, "", "", []string{Reset(id)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	id := "hubChangelog_" + collection
	app.OnRecordCreateExecute(collection).Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, false, e.Record)
	}})
	app.OnRecordUpdateExecute(collection).Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, true, e.Record)
	}})
	app.OnRecordDeleteExecute(collection).Bind(&hook.Handler[*core.RecordEvent]{Id: id, Func: func(e *core.RecordEvent) error {
		return log(e, true, nil)
	}})
}
