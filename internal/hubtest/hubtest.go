// Package hubtest builds test apps that are the real hub: PocketBase with the
// project's JS migrations, JS hooks, Go feature packages and the demo data.
// The migrated and seeded database is made once per test binary; each test
// gets its own copy of it.
package hubtest

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hub"
	"github.com/cremona/hug/internal/seed"
)

// Root is the repository's top directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// template migrates and seeds a data dir once; apps are cloned from it.
func template() (string, error) {
	templateOnce.Do(func() {
		empty, err := os.MkdirTemp("", "hug-empty-")
		if err != nil {
			templateErr = err
			return
		}
		// The JS migrations go into PocketBase's global migration list once.
		jsvm.MustRegister(core.NewBaseApp(core.BaseAppConfig{DataDir: empty}), jsvm.Config{
			MigrationsDir: filepath.Join(Root(), "pb_migrations"),
			HooksDir:      filepath.Join(empty, "no-hooks"),
			OnInit:        hub.InitJS,
		})
		app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: empty})
		if err != nil {
			templateErr = err
			return
		}
		register(app, nil)
		if _, err := seed.Run(app, time.Now()); err != nil {
			templateErr = err
			return
		}
		if err := addFixtures(app); err != nil {
			templateErr = err
			return
		}
		templateDir = app.DataDir()
		templateErr = app.ResetBootstrapState() // closes the db, keeps the files
	})
	return templateDir, templateErr
}

// register binds everything but the migrations, which the template has run;
// configure, if not nil, changes the options first.
func register(app core.App, configure func(*config.Config)) {
	cfg := &config.Config{
		Console:       io.Discard,
		MigrationsDir: filepath.Join(app.DataDir(), "no-migrations"),
		HooksDir:      filepath.Join(Root(), "pb_hooks"),
		PublicDir:     filepath.Join(Root(), "pb_public"),
		HooksPool:     2,
	}
	if configure != nil {
		configure(cfg)
	}
	hub.MustRegister(app, cfg, os.DirFS(filepath.Join(Root(), "locales")))
}

// NewApp returns a fresh copy of the seeded hub; it is cleaned up with t.
func NewApp(t testing.TB) *tests.TestApp {
	t.Helper()
	return NewAppWith(t, nil)
}

// NewAppWith is NewApp with options changed, e.g. Demo (as `make run`
// starts the hub: e-mail caught, not sent) or a Console to read.
func NewAppWith(t testing.TB, configure func(*config.Config)) *tests.TestApp {
	t.Helper()
	dir, err := template()
	if err != nil {
		t.Fatalf("hub test template: %v", err)
	}
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	register(app, configure)
	return app
}

// Factory is NewApp in the shape tests.ApiScenario wants.
func Factory(t testing.TB) *tests.TestApp { return NewApp(t) }
