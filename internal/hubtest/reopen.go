package hubtest

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Restart is app after a restart: a new hub over a copy of app's data as
// it is now (what a process started again on the same pb_data finds). The
// caller cleans up both.
func Restart(t testing.TB, app *tests.TestApp) *tests.TestApp {
	t.Helper()
	if _, err := app.DB().NewQuery("PRAGMA wal_checkpoint(FULL)").Execute(); err != nil {
		t.Fatal(err)
	}
	again, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: app.DataDir()})
	if err != nil {
		t.Fatal(err)
	}
	register(again, nil)
	return again
}
