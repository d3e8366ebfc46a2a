package notify_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/notify"
)

// Preferences that are not valid are refused with their code, in the
// person's language, through the mutation and the records API alike, and
// nothing is written.
func TestBadPreferencesAreRefusedAndNothingWritten(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	good := map[string]any{"kinds": map[string]any{"reminder": false}, "quiet": map[string]any{"from": "22:00", "to": "07:00"}}
	if out := hubtest.Mutate(t, app, token, "it", "set_notify_prefs", good); out.Status != "applied" {
		t.Fatalf("good prefs: %+v", out.Error)
	}
	stored := func() string {
		u, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
		return u.GetString("notify_prefs")
	}
	before := stored()
	cases := []struct {
		name  string
		prefs any
		code  string
	}{
		{"unknown kind", map[string]any{"kinds": map[string]any{"spam": true}}, "notify_prefs_unknown_kind"},
		{"unknown group", map[string]any{"groups": map[string]any{"nosuchgroup1234": false}}, "notify_prefs_unknown_group"},
		{"quiet hours not a time", map[string]any{"quiet": map[string]any{"from": "25:00", "to": "08:00"}}, "notify_prefs_bad_time"},
		{"quiet hours empty", map[string]any{"quiet": map[string]any{"from": "", "to": ""}}, "notify_prefs_bad_time"},
		{"unknown field", map[string]any{"loud": true}, "notify_prefs_invalid"},
		{"kinds not a map", map[string]any{"kinds": []string{"reminder"}}, "notify_prefs_invalid"},
	}
	for _, c := range cases {
		out := hubtest.Mutate(t, app, token, "ar", "set_notify_prefs", c.prefs)
		if out.Status != "rejected" || out.Error == nil || out.Error.Code != c.code {
			t.Errorf("%s: %+v, want %s", c.name, out.Error, c.code)
			continue
		}
		if out.Error.Message == "" || out.Error.Message == c.code {
			t.Errorf("%s: message %q not localized", c.name, out.Error.Message)
		}
		me, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + me.Id, Token: token,
			Body: map[string]any{"notify_prefs": c.prefs}, Header: map[string]string{"Accept-Language": "zh"}})
		var body struct {
			Data map[string]struct{ Code, Message string }
		}
		res.JSON(t, &body)
		if res.Status != http.StatusBadRequest || body.Data["notify_prefs"].Code != c.code {
			t.Errorf("%s through the records API: %d %s", c.name, res.Status, res.Body)
		}
		if got := stored(); got != before {
			t.Errorf("%s: stored %s", c.name, got)
		}
	}
}

// The inbox is its person's only: the records API lists each person their
// own rows, read_notifications marks only the caller's rows read, and
// another person's ids change nothing.
func TestTheInboxIsItsPersonsOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	var start struct{ Cursor int64 }
	hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?cursor=0", Token: token}).JSON(t, &start)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/announcements/records", Token: staff,
		Body: map[string]any{"title": map[string]string{"it": "Avviso"}, "body": map[string]string{"it": "Per tutti"}}})
	if res.Status != http.StatusOK {
		t.Fatalf("post: %d %s", res.Status, res.Body)
	}
	var posted struct{ ID string }
	res.JSON(t, &posted)
	notice := notify.Notice{Key: notify.AnnouncementKey(posted.ID)}.ID()
	rows := func(email string) []*core.Record {
		r, _ := app.FindAllRecords(notify.Collection, dbx.HashExp{"user": userOf(t, app, email), "notice": notice})
		return r
	}
	mine, theirs := rows(hubtest.FamilyEmail), rows(hubtest.OtherFamilyEmail)
	if len(mine) != 1 || len(theirs) != 1 {
		t.Fatalf("an announcement to everyone: %d and %d inbox rows", len(mine), len(theirs))
	}
	feed := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: fmt.Sprintf("/api/hub/sync?cursor=%d", start.Cursor), Token: token})
	if !strings.Contains(string(feed.Body), mine[0].Id) || strings.Contains(string(feed.Body), theirs[0].Id) {
		t.Errorf("the family's sync feed: %s", feed.Body)
	}
	var list struct{ Items []struct{ ID string } }
	hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/notifications/records", Token: token}).JSON(t, &list)
	listed := map[string]bool{}
	for _, it := range list.Items {
		listed[it.ID] = true
	}
	if !listed[mine[0].Id] || listed[theirs[0].Id] {
		t.Errorf("the family lists %+v", list.Items)
	}
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/notifications/records/" + theirs[0].Id, Token: token}); res.Status != http.StatusNotFound {
		t.Errorf("another family's row: %d", res.Status)
	}
	if out := hubtest.Mutate(t, app, token, "it", "read_notifications", map[string]any{"ids": []string{mine[0].Id, theirs[0].Id}}); out.Status != "applied" {
		t.Fatalf("read: %+v", out.Error)
	}
	m, _ := app.FindRecordById("notifications", mine[0].Id)
	o, _ := app.FindRecordById("notifications", theirs[0].Id)
	if m.GetString("read_at") == "" || o.GetString("read_at") != "" {
		t.Errorf("read_at: mine %q, theirs %q", m.GetString("read_at"), o.GetString("read_at"))
	}
}

// The write and its notifications are one transaction: when notifying
// fails, the approval fails with it and the activity stays pending.
func TestAFailedNotificationUndoesTheWrite(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := hubtest.BySlug(t, app, "groups", "0-6-anni")
	a := activity(t, app, map[string]any{"status": "pending", "group": group.Id})
	// Recording the notice fails (as a full disk would).
	if _, err := app.DB().NewQuery("CREATE TRIGGER hub_notices_fail BEFORE INSERT ON hub_notices BEGIN SELECT RAISE(ABORT, 'no room'); END").Execute(); err != nil {
		t.Fatal(err)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + a.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"status": "approved"}})
	if res.Status < 400 {
		t.Fatalf("the approval succeeded without its notice: %d", res.Status)
	}
	stored, _ := app.FindRecordById("activities", a.Id)
	if stored.GetString("status") != "pending" {
		t.Errorf("the activity is %s after its notification failed", stored.GetString("status"))
	}
	// The same from Go, as a cron job or the seed saves (no request hook
	// opens a transaction there).
	stored.Set("status", "approved")
	if err := app.Save(stored); err == nil {
		t.Fatal("the save succeeded without its notice")
	}
	again, _ := app.FindRecordById("activities", a.Id)
	if again.GetString("status") != "pending" {
		t.Errorf("saved from Go, the activity is %s after its notification failed", again.GetString("status"))
	}
}
