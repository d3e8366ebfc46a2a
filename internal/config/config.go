// Package config gathers the hub's options in one place: each one is a flag on
// the root command with an environment variable of the same name, and the
// defaults are the ones `make run` needs.
package config

import (
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pocketbase/pocketbase/tools/osutils"
	"github.com/spf13/cobra"
)

// Config is the hub's runtime configuration.
type Config struct {
	// Dirs of the operator-editable parts; by default beside the binary
	// (or the working directory under `go run`).
	MigrationsDir string
	HooksDir      string
	PublicDir     string

	// HooksPool is how many JS runtimes serve pb_hooks concurrently.
	HooksPool int

	// Dev turns on automigrate (admin UI schema changes written to
	// pb_migrations) and hook reloading. Off in production.
	Dev bool

	// Demo seeds the demo data and accounts on first start and prints the
	// demo logins at every start. `make run` turns it on.
	Demo bool

	// HSTS sends Strict-Transport-Security on every response, for a hub
	// behind a TLS proxy that does not send X-Forwarded-Proto. Over direct
	// TLS, or a trusted proxy that says https, it is sent anyway.
	HSTS bool

	// SyncRetentionDays is how long the sync change log keeps its rows: a
	// phone away longer gets a snapshot at its next pull (0: 30 days).
	SyncRetentionDays int

	// AppointmentRetentionMonths is how long an appointment request is kept
	// after it was closed or last changed; then it is deleted and the
	// figures keep only its counts (internal/appointments Expire).
	AppointmentRetentionMonths int

	// PushAllow: push service origins accepted besides the browsers' own
	// (internal/push.KnownServices), comma-separated: a test double, a
	// private push service.
	PushAllow string

	// Root is the root command, for parts that read PocketBase's own flags.
	Root *cobra.Command

	// Console is where the start banner and, in demo mode, caught e-mail are
	// printed: standard output (tests silence it).
	Console io.Writer
}

// Bind registers the hub's flags on the root command.
func Bind(root *cobra.Command) *Config {
	cfg := &Config{Root: root, Console: os.Stdout}
	flags := root.PersistentFlags()
	flags.StringVar(&cfg.MigrationsDir, "migrationsDir", env("HUG_MIGRATIONS_DIR", besideBinary("pb_migrations")), "directory of the JS migrations (env HUG_MIGRATIONS_DIR)")
	flags.StringVar(&cfg.HooksDir, "hooksDir", env("HUG_HOOKS_DIR", besideBinary("pb_hooks")), "directory of the JS hooks (env HUG_HOOKS_DIR)")
	flags.StringVar(&cfg.PublicDir, "publicDir", env("HUG_PUBLIC_DIR", besideBinary("pb_public")), "directory of the PWA (env HUG_PUBLIC_DIR)")
	flags.IntVar(&cfg.HooksPool, "hooksPool", 15, "JS runtimes prewarmed for pb_hooks")
	flags.BoolVar(&cfg.Dev, "hugDev", envBool("HUG_DEV", false), "development mode: automigrate and hooks reload (env HUG_DEV)")
	flags.BoolVar(&cfg.Demo, "demo", envBool("HUG_DEMO", false), "seed demo data and accounts on first start (env HUG_DEMO)")
	flags.BoolVar(&cfg.HSTS, "hsts", envBool("HUG_HSTS", false), "send Strict-Transport-Security: the hub is only reached over HTTPS (env HUG_HSTS)")
	flags.IntVar(&cfg.SyncRetentionDays, "syncRetention", envInt("HUG_SYNC_RETENTION", 30), "days the sync change log keeps changes; a phone away longer gets a snapshot (env HUG_SYNC_RETENTION)")
	flags.IntVar(&cfg.AppointmentRetentionMonths, "appointmentRetention", envInt("HUG_APPOINTMENT_RETENTION", 12), "months an appointment request is kept after it was closed or last changed; then only its counts stay in the figures (env HUG_APPOINTMENT_RETENTION)")
	flags.StringVar(&cfg.PushAllow, "pushAllow", env("HUG_PUSH_ALLOW", ""), "extra Web Push service origins, comma-separated, e.g. http://127.0.0.1:8099 (env HUG_PUSH_ALLOW)")
	return cfg
}

func env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return fallback
}

func envInt(name string, fallback int) int {
	v, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		return fallback
	}
	return v
}

func envBool(name string, fallback bool) bool {
	v, err := strconv.ParseBool(os.Getenv(name))
	if err != nil {
		return fallback
	}
	return v
}

// besideBinary resolves dir next to the executable, as PocketBase does for
// pb_data, so the binary can be started from any working directory.
func besideBinary(dir string) string {
	if osutils.IsProbablyGoRun() {
		return dir
	}
	exe, err := os.Executable()
	if err != nil {
		return dir
	}
	return filepath.Join(filepath.Dir(exe), dir)
}
