// Package hub assembles the Hug server: PocketBase's JS migrations and hooks,
// then each feature package, then the PWA. main.go and the tests both build
// the app through it, so what is tested is what runs.
package hub

import (
	"io/fs"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/spf13/cobra"

	"github.com/cremona/hug/internal/accounts"
	"github.com/cremona/hug/internal/activities"
	"github.com/cremona/hug/internal/announcements"
	"github.com/cremona/hug/internal/appointments"
	"github.com/cremona/hug/internal/attendance"
	"github.com/cremona/hug/internal/auditview"
	"github.com/cremona/hug/internal/calendar"
	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/dates"
	"github.com/cremona/hug/internal/figures"
	"github.com/cremona/hug/internal/files"
	"github.com/cremona/hug/internal/groups"
	"github.com/cremona/hug/internal/hours"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/i18ncheck"
	"github.com/cremona/hug/internal/inputguard"
	"github.com/cremona/hug/internal/mail"
	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/mutations"
	"github.com/cremona/hug/internal/mydata"
	"github.com/cremona/hug/internal/notify"
	"github.com/cremona/hug/internal/poke"
	"github.com/cremona/hug/internal/proposals"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/pwaconfig"
	"github.com/cremona/hug/internal/queryguard"
	"github.com/cremona/hug/internal/ratelimit"
	"github.com/cremona/hug/internal/reading"
	"github.com/cremona/hug/internal/reads"
	"github.com/cremona/hug/internal/refusals"
	"github.com/cremona/hug/internal/registration"
	"github.com/cremona/hug/internal/reports"
	"github.com/cremona/hug/internal/search"
	"github.com/cremona/hug/internal/seed"
	"github.com/cremona/hug/internal/signup"
	"github.com/cremona/hug/internal/syncfeed"
	"github.com/cremona/hug/internal/translations"
	"github.com/cremona/hug/internal/transport"
	"github.com/cremona/hug/internal/web"
)

// MustRegister wires the whole hub into app.
func MustRegister(app core.App, cfg *config.Config, locales fs.FS) {
	catalog := i18n.MustRegister(app, locales)
	pwaconfig.MustRegister(app, catalog)
	jsvm.MustRegister(app, jsvm.Config{
		MigrationsDir: cfg.MigrationsDir,
		HooksDir:      cfg.HooksDir,
		HooksWatch:    cfg.Dev,
		HooksPoolSize: cfg.HooksPool,
		OnInit:        InitJS,
	})
	registerFeatures(app, cfg)
	// Sync: the change log's rows join every write's transaction; the pull
	// feed reads them (docs/SYNC.md).
	changelog.MustRegister(app, changelog.Options{Retention: time.Duration(cfg.SyncRetentionDays) * 24 * time.Hour})
	syncfeed.MustRegister(app)
	reading.MustRegister(app)            // a change of a person's reading chain resets their feed (texts cut to the chain)
	search.MustRegister(app)             // GET /api/hub/search: services and activities in the languages the caller reads
	reads.MustRegister(app)              // POST /api/hub/reads: a day's count per record, no person; GET /api/hub/reads/top for the mediators' queue
	mutations.MustRegister(app, catalog) // POST /api/hub/mutations: the phone's offline writes, each once (docs/SYNC.md)
	// realtime hub/changes: {"seq": S} to whom a change concerns
	poke.MustRegister(app)
	transport.MustRegister(app, transport.Config{HSTS: cfg.HSTS, Root: cfg.Root})
	if cfg.Demo {
		seed.SeedOnFirstServe(app)
	}
	console := cfg.Console
	if console == nil {
		console = os.Stdout
	}
	mail.MustRegister(app, mail.Options{Demo: cfg.Demo, Console: console})
	mail.Localize(app, catalog) // the code, verification and reset e-mails in the account's language
	bindStartBanner(app, cfg, console)
	ratelimit.MustRegister(app, catalog)
	calendar.MustRegister(app, catalog)   // the .ics feeds: public, per group, a family's private one
	attendance.MustRegister(app, catalog) // check-ins (synced to staff) and GET /api/hub/staff/attendance/{activity}.csv
	figures.MustRegister(app, catalog)    // the funding body's figures: GET /api/hub/staff/figures(.csv)
	auditview.MustRegister(app, catalog)  // the audit log for staff: GET /api/hub/staff/audit(.csv)
	notify.MustRegister(app, catalog)     // who is told what (pb_hooks/notify.pb.js), the inbox, reminders
	// Web Push: the VAPID keys, subscriptions, the delivery queue and its worker.
	push.MustRegister(app, catalog, push.Options{Allow: cfg.PushAllow, CheckReceive: notify.ValidateReceive})
	web.MustRegister(app, cfg.PublicDir, catalog)
}

// registerFeatures binds the Go feature packages, each with its own hooks.
func registerFeatures(app core.App, cfg *config.Config) {
	inputguard.MustRegister(app) // text cleaned before the validators below (its own priority)
	dates.MustRegister(app)
	files.MustRegister(app)
	accounts.MustRegister(app)
	signup.MustRegister(app)
	multitext.MustRegister(app)
	hours.MustRegister(app)
	activities.MustRegister(app)
	groups.MustRegister(app)
	announcements.MustRegister(app) // staff's messages to a group or everyone: Post, Withdraw, synced as their view rule
	registration.MustRegister(app)
	appointments.MustRegister(app, cfg.AppointmentRetentionMonths) // deletes requests after the retention period, the figures keep counts
	moderation.MustRegister(app)
	// Reports of activities: File hides after three, staff Decide.
	reports.MustRegister(app)
	// The mediators' drafts, synced to their authors (save_translation, review_translation).
	translations.MustRegister(app)
	proposals.MustRegister(app) // who may propose, dates to come, GET /api/hub/initiatives
	refusals.MustRegister(app)
	mydata.MustRegister(app)
	queryguard.MustRegister(app) // client filter/sort/expand/fields allowlist (docs/SECURITY.md H1)
}

// AddCommands adds the hub's own commands to PocketBase's.
func AddCommands(app core.App, root *cobra.Command, cfg *config.Config) {
	migratecmd.MustRegister(app, root, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangJS,
		Automigrate:  cfg.Dev, // admin UI changes become migration files only in development
		Dir:          cfg.MigrationsDir,
	})
	root.AddCommand(seed.NewCommand(app))
	root.AddCommand(moderation.NewAuditCommand(app))
	root.AddCommand(push.NewCommand(app))      // hug push keys | rotate --confirm
	root.AddCommand(i18ncheck.NewCommand(app)) // hug i18n check: locales/ against it.json, content coverage
}
