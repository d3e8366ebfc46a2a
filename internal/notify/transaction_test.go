package notify_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/notify"
)

// A notice sent inside a write that then fails leaves nothing behind: no
// inbox row, no queued push, and its key is not spent, so the write tried
// again tells people once. (notify.Send's "in the caller's transaction".)
func TestANoticeRollsBackWithTheWriteThatCausedIt(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := hubtest.NewUser(t, app, "rollback@hug.test", "family")
	phone := subscribe(t, app, family.Id, "ur", "")
	notice := notify.Notice{Key: "rollback-test", Kind: "announcement", Users: []string{family.Id},
		Title: notify.Text{Words: map[string]any{"it": "Chiuso domani"}}, Body: notify.Text{Words: map[string]any{"it": "Per neve"}}}

	failed := errors.New("the write failed after the notice")
	err := app.RunInTransaction(func(tx core.App) error {
		if err := notify.Send(tx, notice); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("transaction: %v", err)
	}
	if got := inbox(t, app, family.Id, "announcement"); len(got) != 0 {
		t.Errorf("%d inbox rows after the write failed", len(got))
	}
	if got := pushesOf(t, app, notice); len(got) != 0 {
		t.Errorf("%d pushes queued after the write failed", len(got))
	}

	if err := app.RunInTransaction(func(tx core.App) error { return notify.Send(tx, notice) }); err != nil {
		t.Fatal(err)
	}
	if got := inbox(t, app, family.Id, "announcement"); len(got) != 1 {
		t.Errorf("the write tried again: %d inbox rows, want 1", len(got))
	}
	only(t, pushesOf(t, app, notice), map[string]string{phone: "the family's phone"})
}

// pushesOf is the queued pushes of one notice (the test data queues others).
func pushesOf(t *testing.T, app core.App, n notify.Notice) map[string]delivery {
	t.Helper()
	out := map[string]delivery{}
	for _, d := range all(t, app, n.Kind) {
		if d.Payload.ID == n.ID() {
			out[d.Sub] = d
		}
	}
	return out
}
