package changelog_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hubtest"
)

// rowsOf are the log's rows about one record.
func rowsOf(t *testing.T, app core.App, id string) []changelog.Row {
	t.Helper()
	rows := []changelog.Row{}
	err := app.DB().NewQuery("SELECT seq, collection, record_id, audience, created FROM hub_changes WHERE record_id = {:id} ORDER BY seq").
		Bind(map[string]any{"id": id}).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestAChangeAndItsRowsCommitTogether: a write whose transaction fails
// after the record was saved (here a later hook, as the audit log's would)
// leaves neither the change nor a row; a write that commits has its rows.
func TestAChangeAndItsRowsCommitTogether(t *testing.T) {
	app := hubtest.NewApp(t)
	app.OnRecordUpdate("places").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "testFailAfterSave",
		Func: func(e *core.RecordEvent) error {
			return e.App.RunInTransaction(func(tx core.App) error {
				e.App = tx
				if err := e.Next(); err != nil {
					return err
				}
				if e.Record.GetString("phone") == "fail" {
					return errors.New("the audit line could not be written")
				}
				return nil
			})
		},
		Priority: -1000, // outermost
	})
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	before, _ := changelog.Latest(app)
	rowsBefore := len(rowsOf(t, app, place.Id))

	place.Set("phone", "fail")
	if err := app.Save(place); err == nil {
		t.Fatal("the failing hook did not fail the save")
	}
	after, _ := changelog.Latest(app)
	if after != before || len(rowsOf(t, app, place.Id)) != rowsBefore {
		t.Errorf("a rolled-back change left rows: latest %d -> %d", before, after)
	}
	if fresh, _ := app.FindRecordById("places", place.Id); fresh.GetString("phone") == "fail" {
		t.Fatal("the change itself was not rolled back")
	}

	place, _ = app.FindRecordById("places", place.Id)
	place.Set("phone", "0372 1")
	if err := app.Save(place); err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, app, place.Id)
	if len(rows) != rowsBefore+1 || rows[len(rows)-1].Audience != changelog.Public {
		t.Errorf("a committed change has no public row: %+v", rows)
	}
}

// TestViewRulesAreTheOnesTheAudiencesMirror pins the live view rules the
// audience functions (audiences.go) were written against: a migration that
// changes one fails here until the audiences are checked against it.
func TestViewRulesAreTheOnesTheAudiencesMirror(t *testing.T) {
	app := hubtest.NewApp(t)
	want := map[string]string{
		"users":                `id = @request.auth.id || @request.auth.role = "staff"`,
		"organizations":        `verified = true || (@request.auth.id != "" && members.id ?= @request.auth.id) || @request.auth.role = "staff"`,
		"places":               ``,
		"services":             `retired = false || @request.auth.role = "staff"`,
		"centre":               ``,
		"groups":               `public = true || (@request.auth.id != "" && memberships_via_group.user ?= @request.auth.id) || @request.auth.role = "staff"`,
		"memberships":          `user = @request.auth.id || @request.auth.role = "staff"`,
		"activities":           `(hidden = false && (status = "approved" || status = "cancelled")) || (@request.auth.id != "" && (proposer = @request.auth.id || organization.members.id ?= @request.auth.id)) || @request.auth.role = "staff" || (hidden = false && @request.auth.role = "mediator")`,
		"registrations":        `user = @request.auth.id || @request.auth.role = "staff" || (@request.auth.id != "" && (activity.proposer = @request.auth.id || activity.organization.members.id ?= @request.auth.id))`,
		"appointment_requests": `user = @request.auth.id || @request.auth.role = "staff"`,
		"activity_revisions":   `(@request.auth.id != "" && (activity.proposer = @request.auth.id || activity.organization.members.id ?= @request.auth.id)) || @request.auth.role = "staff"`,
	}
	// Collections other packages track pin their own rules beside their
	// audiences; these are the ones audiences.go holds.
	synced := changelog.Collections(app)
	for name := range want {
		if !slices.Contains(synced, name) {
			t.Errorf("%s is no longer synced", name)
			continue
		}
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		for kind, rule := range map[string]*string{"list": c.ListRule, "view": c.ViewRule} {
			if rule == nil || *rule != want[name] {
				got := "null"
				if rule != nil {
					got = *rule
				}
				t.Errorf("%s %s rule changed: check audiences.go, then update this test\n got: %s\nwant: %s", name, kind, got, want[name])
			}
		}
	}
}

// TestRetentionDropsOldRowsAndRaisesTheFloor: rows older than the retention
// go and the floor rises to the newest of them; superseded rows go whatever
// their age; the newest seq never goes down. The cron job uses the
// retention of --syncRetention.
func TestRetentionDropsOldRowsAndRaisesTheFloor(t *testing.T) {
	app := hubtest.NewApp(t)
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	for _, phone := range []string{"1", "2", "3"} {
		place.Set("phone", phone)
		if err := app.Save(place); err != nil {
			t.Fatal(err)
		}
	}
	latest, _ := changelog.Latest(app)
	if _, err := changelog.Compact(app, time.Now(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if rows := rowsOf(t, app, place.Id); len(rows) != 1 || rows[0].Seq != latest {
		t.Errorf("superseded rows kept: %+v", rows)
	}
	if floor, _ := changelog.Floor(app); floor != 0 {
		t.Errorf("nothing was old, yet the floor is %d", floor)
	}
	if _, err := changelog.Compact(app, time.Now().Add(2*time.Hour), time.Hour); err != nil {
		t.Fatal(err)
	}
	var left int
	app.DB().NewQuery("SELECT COUNT(*) FROM hub_changes").Row(&left)
	floor, _ := changelog.Floor(app)
	now, _ := changelog.Latest(app)
	if left != 0 || floor != latest || now != latest {
		t.Errorf("after retention: %d rows left, floor %d, latest %d (want 0, %d, %d)", left, floor, now, latest, latest)
	}

	// The cron job takes --syncRetention (days).
	for days, kept := range map[int]bool{0: true, 7: false} {
		app := hubtest.NewAppWith(t, func(c *config.Config) { c.SyncRetentionDays = days })
		app.NonconcurrentDB().NewQuery("INSERT INTO hub_changes (collection, record_id, audience, created) VALUES ('places', 'x', 'public', {:c})").
			Bind(map[string]any{"c": time.Now().Add(-8 * 24 * time.Hour).UnixMilli()}).Execute()
		var job func()
		for _, j := range app.Cron().Jobs() {
			if j.Id() == changelog.RetentionJob {
				job = j.Run
			}
		}
		if job == nil {
			t.Fatal("no retention job")
		}
		job()
		if got := len(rowsOf(t, app, "x")) == 1; got != kept {
			t.Errorf("retention %d days: an 8-day-old row kept = %v", days, got)
		}
	}
}
