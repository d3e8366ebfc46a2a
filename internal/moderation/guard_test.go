package moderation_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hub"
	"github.com/cremona/hug/internal/hubtest"
)

// collectionsJSON is every collection as the admin UI exports it, with
// change applied to the audit log's definition.
func collectionsJSON(t *testing.T, app core.App, change func(audit map[string]any)) []map[string]any {
	t.Helper()
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(all)
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range out {
		if c["name"] == "audit_log" && change != nil {
			change(c)
		}
	}
	return out
}

// auditFields are the audit log's fields without the one named.
func auditFields(t *testing.T, app core.App, without string) any {
	for _, c := range collectionsJSON(t, app, withoutField(without)) {
		if c["name"] == "audit_log" {
			return c["fields"]
		}
	}
	t.Fatal("no audit_log")
	return nil
}

func withoutField(name string) func(map[string]any) {
	return func(c map[string]any) {
		kept := []any{}
		for _, f := range c["fields"].([]any) {
			if f.(map[string]any)["name"] != name {
				kept = append(kept, f)
			}
		}
		c["fields"] = kept
	}
}

// Nobody, superusers included, adds, changes or deletes audit entries or
// changes the audit collection through the app: records API, collections
// API and admin UI (which uses it), truncate, import, or Go code once the
// server serves. Staff decisions still work afterwards, and the chain holds.
func TestAuditLogCannotBeRewritten(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	su := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	entry, err := app.FindFirstRecordByData("audit_log", "actor_id", "fixture")
	if err != nil {
		t.Fatal(err)
	}
	before := len(rows(t, app))

	refused := []hubtest.Request{
		{Method: http.MethodPost, URL: "/api/collections/audit_log/records", Body: map[string]any{"actor_id": staff.Id, "action": "approve",
			"target_collection": "activities", "target_id": "forged", "to_status": "approved"}},
		{Method: http.MethodPatch, URL: "/api/collections/audit_log/records/" + entry.Id, Body: map[string]any{"reason": "rewritten"}},
		{Method: http.MethodDelete, URL: "/api/collections/audit_log/records/" + entry.Id},
		{Method: http.MethodPost, URL: "/api/batch", Body: map[string]any{"requests": []map[string]any{{"method": "POST",
			"url": "/api/collections/audit_log/records", "body": map[string]any{"actor_id": staff.Id, "action": "approve",
				"target_collection": "activities", "target_id": "forged"}}}}},
		{Method: http.MethodPatch, URL: "/api/collections/audit_log", Body: map[string]any{"fields": auditFields(t, app, "reason")}},
		{Method: http.MethodPatch, URL: "/api/collections/audit_log", Body: map[string]any{"listRule": ""}},
		{Method: http.MethodDelete, URL: "/api/collections/audit_log"},
		{Method: http.MethodDelete, URL: "/api/collections/audit_log/truncate"},
		{Method: http.MethodPut, URL: "/api/collections/import", Body: map[string]any{"collections": collectionsJSON(t, app, withoutField("reason"))}},
	}
	// The import that leaves the audit log out and deletes what is missing.
	others := []map[string]any{}
	for _, c := range collectionsJSON(t, app, nil) {
		if c["name"] != "audit_log" {
			others = append(others, c)
		}
	}
	refused = append(refused, hubtest.Request{Method: http.MethodPut, URL: "/api/collections/import",
		Body: map[string]any{"collections": others, "deleteMissing": true}})
	for _, r := range refused {
		r.Token = su
		if res := hubtest.Do(t, app, r); res.Status < 400 {
			t.Errorf("superuser %s %s: %d %s", r.Method, r.URL, res.Status, res.Body)
		}
	}
	// An import that leaves the audit log as it is goes through.
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPut, URL: "/api/collections/import", Token: su,
		Body: map[string]any{"collections": collectionsJSON(t, app, nil)}}); res.Status >= 400 {
		t.Errorf("an import without changes to the audit log: %d %s", res.Status, res.Body)
	}

	// Go code and hooks, once the server serves (the requests above started it).
	entry.Set("reason", "rewritten")
	if err := app.Save(entry); err == nil {
		t.Error("an audit entry was changed")
	}
	if err := app.Delete(entry); err == nil {
		t.Error("an audit entry was deleted")
	}
	audit, _ := app.FindCollectionByNameOrId("audit_log")
	audit.Fields.RemoveByName("reason")
	if err := app.Save(audit); err == nil {
		t.Error("the audit collection lost its reason field")
	}
	if err := app.Delete(audit); err == nil {
		t.Error("the audit collection was deleted")
	}

	audit, err = app.FindCollectionByNameOrId("audit_log")
	if err != nil || audit.Fields.GetByName("reason") == nil || audit.ListRule == nil || *audit.ListRule == "" {
		t.Fatalf("the audit collection changed: %v", err)
	}
	if after := len(rows(t, app)); after != before {
		t.Errorf("%d entries, had %d", after, before)
	}
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if res := patchActivity(t, app, pending.Id, hubtest.Token(t, app, "users", hubtest.StaffEmail), map[string]any{"status": "approved"}); res.Status != http.StatusOK {
		t.Errorf("a staff decision after the attempts: %d %s", res.Status, res.Body)
	}
	if report := verify(t, app, ""); !report.OK() || report.Entries != before+1 {
		t.Error(report)
	}
}

// `serve` binds the hub's hooks, then runs the migrations, then serves: a
// migration may still change the audit collection (add a field), and from
// the moment the server serves nothing else can.
func TestOnlyMigrationsChangeTheAuditCollection(t *testing.T) {
	app := hubtest.NewApp(t) // the hub's hooks are bound, as before `serve` migrates
	defer app.Cleanup()
	list := core.MigrationsList{}
	list.Register(func(txApp core.App) error {
		audit, err := txApp.FindCollectionByNameOrId("audit_log")
		if err != nil {
			return err
		}
		audit.Fields.Add(&core.TextField{Name: "channel", Max: 20})
		return txApp.Save(audit)
	}, nil, "1764299999_test_audit_channel.go")
	if _, err := core.NewMigrationsRunner(app, list).Up(); err != nil {
		t.Fatalf("a migration could not add a field: %v", err)
	}

	hubtest.Handler(t, app) // the server serves
	audit, _ := app.FindCollectionByNameOrId("audit_log")
	if audit.Fields.GetByName("channel") == nil {
		t.Fatal("the migration's field is missing")
	}
	audit.Fields.Add(&core.TextField{Name: "later", Max: 20})
	if err := app.Save(audit); err == nil {
		t.Error("the audit collection was changed while serving")
	}
	su := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/audit_log", Token: su,
		Body: map[string]any{"fields": auditFields(t, app, "channel")}})
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "audit_log_immutable") {
		t.Errorf("superuser schema change: %d %s", res.Status, res.Body)
	}
	decide(t, app, 1)
	if report := verify(t, app, ""); !report.OK() {
		t.Error(report)
	}
}

// An existing hub upgrades as `serve` would run it (hooks bound first): the
// entries written before the chain existed are linked, oldest first, and
// lose the actor's name; new decisions continue the chain.
func TestUpgradeLinksExistingEntries(t *testing.T) {
	hubtest.NewApp(t).Cleanup() // registers the JS migrations
	dir := t.TempDir()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	hub.MustRegister(app, &config.Config{
		MigrationsDir: filepath.Join(dir, "no-migrations"),
		HooksDir:      filepath.Join(hubtest.Root(), "pb_hooks"),
		PublicDir:     filepath.Join(hubtest.Root(), "pb_public"),
		HooksPool:     1,
	}, os.DirFS(filepath.Join(hubtest.Root(), "locales")))

	before := core.MigrationsList{}
	for _, m := range core.AppMigrations.Items() {
		if m.File < "1764200000" {
			before.Register(m.Up, m.Down, m.File)
		}
	}
	if _, err := core.NewMigrationsRunner(app, before).Up(); err != nil {
		t.Fatal(err)
	}
	for i, at := range []string{"2026-02-05 09:00:00.000Z", "2026-02-04 09:00:00.000Z", "2026-02-06 09:00:00.000Z"} {
		if _, err := app.DB().Insert("audit_log", dbx.Params{"id": "legacy00000000" + string(rune('a'+i)), "actor_id": "staff0000000001",
			"actor_name": "Maria Rossi", "action": "approve", "target_collection": "activities", "target_id": "x",
			"to_status": "approved", "created": at, "updated": at}).Execute(); err != nil {
			t.Fatal(err)
		}
	}

	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("upgrading with the hooks bound: %v", err)
	}
	got := rows(t, app)
	if len(got) != 3 || got[0]["id"] != "legacy00000000b" || got[2]["id"] != "legacy00000000c" {
		t.Fatalf("chain order: %v", got)
	}
	for _, r := range got {
		if _, ok := r["actor_name"]; ok || r["hash"] != specHash(r) {
			t.Errorf("entry %s: %v", r["id"], r)
		}
	}
	entry := core.NewRecord(mustCollection(t, app, "audit_log"))
	entry.Load(map[string]any{"actor_id": "staff0000000001", "action": "reject", "target_collection": "activities", "target_id": "y", "reason": "Doppione"})
	if err := app.Save(entry); err != nil {
		t.Fatal(err)
	}
	if report := verify(t, app, ""); !report.OK() || report.Entries != 4 {
		t.Error(report)
	}
}

func mustCollection(t *testing.T, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Issue 7: once an account is deleted, the audit log keeps no personal data
// about it (lines name their actor and target by id only, never by name or
// e-mail), and the chain still verifies.
func TestDeletingAnAccountLeavesNoPersonalDataInTheAuditLog(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	maria := hubtest.NewUser(t, app, "maria.rossi@hug.test", "staff")
	maria.Set("name", "Maria Rossi")
	giulia := hubtest.NewUser(t, app, "giulia.bianchi@hug.test", "family")
	giulia.Set("name", "Giulia Bianchi")
	for _, u := range []*core.Record{maria, giulia} {
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
	}
	token := hubtest.Token(t, app, "users", maria.Email())
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if res := patchActivity(t, app, pending.Id, token, map[string]any{"status": "changes_requested", "moderation_reason": "Manca il luogo"}); res.Status != http.StatusOK {
		t.Fatalf("decision: %d %s", res.Status, res.Body)
	}
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + giulia.Id,
		Token: token, Body: map[string]any{"role": "mediator"}}); res.Status != http.StatusOK {
		t.Fatalf("role change: %d %s", res.Status, res.Body)
	}
	if len(auditFor(t, app, giulia.Id)) != 1 {
		t.Fatal("the role change was not audited")
	}

	for _, u := range []*core.Record{maria, giulia} {
		if err := app.Delete(u); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows(t, app) {
		for column, value := range r {
			for _, personal := range []string{"Maria", "Rossi", "maria.rossi", "Giulia", "Bianchi", "giulia.bianchi"} {
				if strings.Contains(value, personal) {
					t.Errorf("entry #%s keeps %q in %s", r["seq"], value, column)
				}
			}
		}
	}
	if report := verify(t, app, ""); !report.OK() {
		t.Error(report)
	}
}
