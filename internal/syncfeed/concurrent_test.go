package syncfeed_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/hubtest"
)

// TestPagingWhileWritersRunNeverSkipsOrRepeats: four writers change places,
// services, activities and registrations at once (some of their writes
// fail and roll back) while readers page through the log and the feed with
// small limits. The log reader sees every seq exactly once, in order; at
// the end the phones of staff and of a family hold exactly what they can
// list through the records API.
func TestPagingWhileWritersRunNeverSkipsOrRepeats(t *testing.T) {
	app := hubtest.NewApp(t)
	app.Settings().RateLimits.Enabled = false // one test client pulls far more than a phone
	start, err := changelog.Latest(app)
	if err != nil {
		t.Fatal(err)
	}
	staffToken, familyToken := roles[6].token(t, app), roles[1].token(t, app)
	family := mustFind(t, app, hubtest.FamilyEmail)
	var places, services, activities []*core.Record
	for name, list := range map[string]*[]*core.Record{"places": &places, "services": &services, "activities": &activities} {
		records, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		*list = records
	}

	var done atomic.Bool
	var writers sync.WaitGroup
	var failed atomic.Int64
	for w := range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range 40 {
				var err error
				switch rng.IntN(5) {
				case 0:
					p, _ := app.FindRecordById("places", places[rng.IntN(len(places))].Id)
					p.Set("phone", fmt.Sprintf("0372 %06d", rng.IntN(999999)))
					err = app.Save(p)
				case 1:
					s, _ := app.FindRecordById("services", services[rng.IntN(len(services))].Id)
					s.Set("phone", fmt.Sprintf("0372 %06d", rng.IntN(999999)))
					err = app.Save(s)
				case 2:
					a, _ := app.FindRecordById("activities", activities[rng.IntN(len(activities))].Id)
					if a.GetString("status") == "approved" {
						a.Set("status", "pending")
					} else if a.GetString("status") == "pending" {
						a.Set("status", "approved")
					}
					err = app.Save(a)
				case 3:
					a := activities[rng.IntN(len(activities))]
					r := newRecord(t, app, "registrations", map[string]any{"activity": a.Id, "user": family.Id, "adults": 1, "status": "going"})
					err = app.Save(r) // fails when the family is registered already
				case 4:
					// a write rolled back after its rows were written
					err = app.RunInTransaction(func(tx core.App) error {
						p, _ := tx.FindRecordById("places", places[rng.IntN(len(places))].Id)
						p.Set("phone", "rolled back")
						if err := tx.Save(p); err != nil {
							return err
						}
						return errors.New("changed my mind")
					})
					if i%3 == 0 {
						rs, _ := app.FindRecordsByFilter("registrations", "user = {:u}", "", 1, 0, map[string]any{"u": family.Id})
						if len(rs) > 0 {
							err = errors.Join(err, app.Delete(rs[0]))
						}
					}
				}
				if err != nil {
					failed.Add(1)
				}
			}
		}()
	}

	var readers sync.WaitGroup
	var seqs []int64
	readers.Add(1)
	go func() { // the log, page by page
		defer readers.Done()
		cursor := start
		for {
			last := done.Load()
			rows, more, err := changelog.Page(app, changelog.Reader{All: true}, cursor, 3)
			if err != nil {
				t.Error(err)
				return
			}
			for _, r := range rows {
				seqs = append(seqs, r.Seq)
				cursor = r.Seq
			}
			if last && !more {
				return
			}
		}
	}()
	phones := map[string]*phone{staffToken: newPhone(), familyToken: newPhone()}
	for token, p := range phones {
		p.sync(t, app, token, 0)
		readers.Add(1)
		go func() { // a phone, through the router, 4 rows a page
			defer readers.Done()
			for !done.Load() {
				p.sync(t, app, token, 4)
				time.Sleep(time.Millisecond)
			}
			p.sync(t, app, token, 4)
		}()
	}
	writers.Wait()
	done.Store(true)
	readers.Wait()

	var all []int64
	if err := app.DB().NewQuery("SELECT seq FROM hub_changes WHERE seq > {:s} ORDER BY seq").Bind(map[string]any{"s": start}).Column(&all); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows written, %d writes failed and rolled back", len(all), failed.Load())
	if fmt.Sprint(seqs) != fmt.Sprint(all) {
		t.Errorf("the paging reader read %d seqs, the log holds %d:\nread %v\nheld %v", len(seqs), len(all), seqs, all)
	}
	for token, p := range phones {
		for _, name := range changelog.Collections(app) {
			if diff, ok := same(p.records[name], listAll(t, app, token, name)); !ok {
				t.Errorf("%s: the phone of %s and the records API differ: %s", name, map[bool]string{true: "staff", false: "the family"}[token == staffToken], diff)
				if id, ok := strings.CutPrefix(diff, "only in the first: "); ok {
					var rows []changelog.Row
					app.DB().NewQuery("SELECT * FROM hub_changes WHERE record_id = {:id} ORDER BY seq").Bind(map[string]any{"id": id}).All(&rows)
					r, _ := app.FindRecordById(name, id)
					t.Logf("now %v, phone %v, rows %+v", r.GetString("status"), p.records[name][id]["status"], rows)
				}
			}
		}
	}
}
