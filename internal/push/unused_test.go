package push_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/push"
)

// A subscription the app has not re-posted for 55 days gets one warning,
// in its language; at 60 days it is deleted. Posting again starts over.
func TestUnusedSubscriptionsAreWarnedThenDropped(t *testing.T) {
	h := newHub(t)
	catalog, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	fresh, old, older := h.subscribe("fresh", ""), h.subscribe("old", ""), h.subscribe("older", "")
	now := time.Now()
	setSeen := func(id string, ago time.Duration, lang string) {
		r, _ := h.app.FindRecordById("push_subscriptions", id)
		r.Set("last_seen", now.Add(-ago))
		r.Set("language", lang)
		if err := h.app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	setSeen(fresh, 54*24*time.Hour, "it")
	setSeen(old, 56*24*time.Hour, "ar")
	setSeen(older, 61*24*time.Hour, "ar")
	for range 2 { // the daily job, twice: one warning
		if err := push.SweepUnused(h.app, catalog, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.app.FindRecordById("push_subscriptions", older); err == nil {
		t.Error("unused for 61 days, still there")
	}
	waitFor(t, 5*time.Second, "the warning delivered", func() bool { return len(received(h.double, "old", 201)) == 1 })
	time.Sleep(100 * time.Millisecond)
	if n := len(h.double.Received("old")); n != 1 {
		t.Fatalf("warned %d times", n)
	}
	var note struct{ ID, Title, Body, Lang, URL string }
	json.Unmarshal([]byte(received(h.double, "old", 201)[0].Payload), &note)
	if note.Lang != "ar" || note.Title != catalog.T("ar", "push_unused_title", nil) || note.Body != catalog.T("ar", "push_unused_body", nil) || note.ID == "" {
		t.Fatalf("warning %+v", note)
	}
	if n := len(h.double.Received("fresh")); n != 0 {
		t.Error("a subscription used 54 days ago was warned")
	}
	if r, _ := h.app.FindRecordById("push_subscriptions", old); r.GetString("warned_at") == "" {
		t.Fatal("warned_at not set")
	}
	// The app opens again: its post clears the warning.
	h.subscribe("old", "")
	if r, _ := h.app.FindRecordById("push_subscriptions", old); r.GetString("warned_at") != "" {
		t.Fatal("warned_at kept after a new post")
	}
}
