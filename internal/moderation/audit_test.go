package moderation_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/spf13/cobra"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hub"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/moderation"
)

// specHash is the chain's hash as docs/SECURITY.md (M4) specifies it,
// written again from the spec: SHA-256, hex, of "hug-audit-v1\n" then, for
// each covered column in order, "name <byte length> value\n".
func specHash(row map[string]string) string {
	var b strings.Builder
	b.WriteString("hug-audit-v1\n")
	for _, c := range []string{"id", "seq", "prev_hash", "created", "actor_id", "action",
		"target_collection", "target_id", "from_status", "to_status", "reason", "detail"} {
		fmt.Fprintf(&b, "%s %d %s\n", c, len(row[c]), row[c])
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// rows reads the audit log as stored, in chain order.
func rows(t *testing.T, app core.App) []map[string]string {
	t.Helper()
	raw := []dbx.NullStringMap{}
	if err := app.DB().NewQuery("SELECT * FROM audit_log ORDER BY seq").All(&raw); err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, len(raw))
	for i, r := range raw {
		out[i] = map[string]string{}
		for k, v := range r {
			out[i][k] = v.String
		}
	}
	return out
}

func exec(t *testing.T, app core.App, sql string, params dbx.Params) {
	t.Helper()
	if _, err := app.DB().NewQuery(sql).Bind(params).Execute(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func verify(t *testing.T, app core.App, head string) moderation.Report {
	t.Helper()
	report, err := moderation.VerifyChain(app, head)
	if err != nil {
		t.Fatal(err)
	}
	return report
}

// newPending adds n proposals waiting for staff.
func newPending(t *testing.T, app *tests.TestApp, n int) []string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("activities")
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range ids {
		a := core.NewRecord(c)
		a.Load(map[string]any{"title": map[string]string{"it": fmt.Sprintf("Proposta %d", i)}, "kind": "meeting",
			"starts_at": inDays(90, "10:00"), "ends_at": inDays(90, "11:00"), "status": "pending"})
		if err := app.Save(a); err != nil {
			t.Fatal(err)
		}
		ids[i] = a.Id
	}
	return ids
}

// decide makes n staff decisions through the API.
func decide(t *testing.T, app *tests.TestApp, n int) {
	t.Helper()
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	for i, id := range newPending(t, app, n) {
		body := map[string]any{"status": "approved"}
		if i%2 == 1 {
			body = map[string]any{"status": "rejected", "moderation_reason": fmt.Sprintf("Motivo %d", i)}
		}
		if res := patchActivity(t, app, id, staff, body); res.Status != http.StatusOK {
			t.Fatalf("decision: %d %s", res.Status, res.Body)
		}
	}
}

// Every stored entry follows the spec: seq 1, 2, …; each names the hash of
// the one before; each hash is specHash of its columns. So an auditor can
// check the log with any SHA-256 tool, and the hash covers the actor's
// account id, never a name.
func TestAuditEntriesFollowTheChainSpec(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	base := len(rows(t, app)) // the demo data's lines and the fixture's
	decide(t, app, 4)
	prev := ""
	for i, r := range rows(t, app) {
		if r["seq"] != fmt.Sprint(i+1) || r["prev_hash"] != prev || r["hash"] != specHash(r) {
			t.Errorf("entry %d: seq %s prev %s hash %s, spec hash %s", i+1, r["seq"], r["prev_hash"], r["hash"], specHash(r))
		}
		if _, ok := r["actor_name"]; ok {
			t.Error("the audit log still has an actor_name column")
		}
		prev = r["hash"]
	}
	if report := verify(t, app, ""); !report.OK() || report.Entries != base+4 {
		t.Errorf("%s", report)
	}
}

// Below the API (SQL on the database file) the log can be changed, but not
// without `hug audit verify` saying where and how.
func TestVerifyFindsTamperingBelowTheAPI(t *testing.T) {
	type want struct{ kind, seq string }
	// Seqs of this test's entries: n(1) is the fixture's (the last before
	// its decisions), n(2) to n(5) its four decisions; the demo data's
	// lines come before.
	var base int
	n := func(i int) string { return fmt.Sprint(base + i) }
	cases := []struct {
		name   string
		tamper func(t *testing.T, app core.App, r []map[string]string)
		want   func() []want
	}{
		{"a reason rewritten", func(t *testing.T, app core.App, r []map[string]string) {
			exec(t, app, "UPDATE audit_log SET reason = 'riscritto' WHERE seq = "+n(3), nil)
		}, func() []want { return []want{{moderation.BreakChanged, n(3)}} }},
		{"an entry deleted", func(t *testing.T, app core.App, r []map[string]string) {
			exec(t, app, "DELETE FROM audit_log WHERE seq = "+n(3), nil)
		}, func() []want { return []want{{moderation.BreakDeleted, n(4)}} }},
		{"an entry inserted", func(t *testing.T, app core.App, r []map[string]string) {
			third := r[base+2]
			forged := map[string]string{"id": "forged000000001", "seq": n(3) + ".5", "prev_hash": third["hash"], "created": third["created"],
				"actor_id": third["actor_id"], "action": "approve", "target_collection": "activities", "target_id": "x", "to_status": "approved"}
			forged["hash"] = specHash(forged)
			exec(t, app, "INSERT INTO audit_log (id, seq, prev_hash, hash, created, updated, actor_id, action, target_collection, target_id, to_status)"+
				" VALUES ({:id}, "+n(3)+".5, {:prev}, {:hash}, {:created}, {:created}, {:actor}, 'approve', 'activities', 'x', 'approved')",
				dbx.Params{"id": forged["id"], "prev": forged["prev_hash"], "hash": forged["hash"], "created": forged["created"], "actor": forged["actor_id"]})
		}, func() []want { return []want{{moderation.BreakInserted, n(3) + ".5"}} }},
		{"an entry changed and re-hashed", func(t *testing.T, app core.App, r []map[string]string) {
			r[base+2]["reason"] = "riscritto"
			exec(t, app, "UPDATE audit_log SET reason = 'riscritto', hash = {:hash} WHERE seq = "+n(3), dbx.Params{"hash": specHash(r[base+2])})
		}, func() []want { return []want{{moderation.BreakRelinked, n(4)}} }},
		{"the reason column dropped", func(t *testing.T, app core.App, r []map[string]string) {
			exec(t, app, "ALTER TABLE audit_log DROP COLUMN reason", nil)
		}, func() []want { return []want{{moderation.BreakChanged, n(3)}, {moderation.BreakChanged, n(5)}} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			base = len(rows(t, app)) - 1
			decide(t, app, 4) // entries n(1) (fixture) to n(5); n(3) and n(5) have reasons
			if report := verify(t, app, ""); !report.OK() {
				t.Fatalf("before tampering: %s", report)
			}
			c.tamper(t, app, rows(t, app))
			report := verify(t, app, "")
			got := []want{}
			for _, b := range report.Breaks {
				got = append(got, want{b.Kind, b.Seq})
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want()) {
				t.Errorf("breaks %v, want %v\n%s", got, c.want(), report)
			}
		})
	}
}

// A chain rewritten from some entry on, or cut at its end, is a valid chain
// again: only a head recorded earlier (`hug audit verify --head`) shows it.
func TestRecordedHeadShowsARewrittenOrCutLog(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	decide(t, app, 4)
	report := verify(t, app, "")
	head := fmt.Sprintf("%d:%s", report.HeadSeq, report.HeadHash)
	if report := verify(t, app, head); !report.OK() {
		t.Fatalf("the head just printed: %s", report)
	}
	exec(t, app, fmt.Sprintf("DELETE FROM audit_log WHERE seq = %d", report.HeadSeq), nil)
	if report := verify(t, app, ""); !report.OK() {
		t.Fatalf("a cut chain is still a chain: %s", report)
	}
	report = verify(t, app, head)
	if report.OK() || report.Breaks[0].Kind != moderation.BreakHead {
		t.Errorf("the cut went unnoticed against the recorded head: %s", report)
	}
}

// `hug audit verify` prints OK and the head, or the breaks and fails.
func TestAuditVerifyCommand(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	base := len(rows(t, app))
	decide(t, app, 2)
	run := func() (string, error) {
		root := &cobra.Command{Use: "hug"}
		hub.AddCommands(app, root, &config.Config{MigrationsDir: t.TempDir()})
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetArgs([]string{"audit", "verify"})
		err := root.Execute()
		return out.String(), err
	}
	if out, err := run(); err != nil || !strings.Contains(out, fmt.Sprintf("audit log OK: %d entries, head %d:", base+2, base+2)) {
		t.Errorf("intact log: %v %s", err, out)
	}
	exec(t, app, fmt.Sprintf("UPDATE audit_log SET action = 'reject' WHERE seq = %d", base+1), nil)
	if out, err := run(); err == nil || !strings.Contains(out, fmt.Sprintf("#%d ", base+1)) || !strings.Contains(out, "changed") {
		t.Errorf("tampered log: %v %s", err, out)
	}
}

// Two staff members deciding at the same moment get entries N and N+1, never
// two entries N: the head is read and the entry written in the decision's
// transaction, and seq is unique.
func TestConcurrentDecisionsKeepOneChain(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	base := len(rows(t, app))
	ids := newPending(t, app, 16)
	hubtest.Handler(t, app)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := patchActivity(t, app, id, staff, map[string]any{"status": "approved"}); res.Status != http.StatusOK {
				t.Errorf("decision: %d %s", res.Status, res.Body)
			}
		}()
	}
	wg.Wait()
	report := verify(t, app, "")
	if !report.OK() || report.Entries != base+16 || report.HeadSeq != base+16 {
		t.Errorf("%s", report)
	}
}

// A decision and its audit line land together or not at all: when writing
// the line fails, the decision is not applied (staff decision, verification
// of an organization, a mediator's translation).
func TestDecisionAndAuditLineLandTogether(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	app.OnRecordCreate("audit_log").BindFunc(func(e *core.RecordEvent) error {
		return errors.New("the disk is full")
	})
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if res := patchActivity(t, app, pending.Id, staff, map[string]any{"status": "approved"}); res.Status < 400 {
		t.Errorf("approval without its audit line answered %d", res.Status)
	}
	if got := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).GetString("status"); got != "pending" {
		t.Errorf("the approval landed without its audit line: %s", got)
	}

	org := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/organizations/records/" + org.Id,
		Token: staff, Body: map[string]any{"verified": true}})
	if hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug).GetBool("verified") {
		t.Error("the verification landed without its audit line")
	}

	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	title := map[string]string{}
	json.Unmarshal([]byte(ape.GetString("title")), &title)
	title["ar"] = "ترجمة جديدة"
	hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id,
		Token: hubtest.Token(t, app, "users", hubtest.MediatorEmail), Body: map[string]any{"title": title}})
	if strings.Contains(hubtest.BySlug(t, app, "activities", "ape-1").GetString("title"), "ترجمة جديدة") {
		t.Error("the translation landed without its audit line")
	}
}

// A mediator's change of translations is audited: who, which record, which
// fields and languages; the activity stays published.
func TestMediatorTranslationsAreAudited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	title, summary := map[string]string{}, map[string]string{}
	json.Unmarshal([]byte(ape.GetString("title")), &title)
	json.Unmarshal([]byte(ape.GetString("summary")), &summary)
	title["ar"], summary["fr"] = "عنوان", "Résumé"
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + ape.Id,
		Token: mediator, Body: map[string]any{"title": title, "summary": summary}})
	if res.Status != http.StatusOK {
		t.Fatalf("translating: %d %s", res.Status, res.Body)
	}
	entries := auditFor(t, app, ape.Id)
	user, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	if len(entries) != 1 || entries[0].GetString("action") != "translate" || entries[0].GetString("actor_id") != user.Id ||
		entries[0].GetString("detail") != "summary: fr; title: ar" {
		t.Fatalf("audit: %v", entries)
	}
	if got := hubtest.BySlug(t, app, "activities", "ape-1").GetString("status"); got != "approved" {
		t.Errorf("status %s", got)
	}

	// Every collection with translations, not only activities.
	service := hubtest.BySlug(t, app, "services", "consultorio-familiare-asst")
	name := map[string]string{}
	json.Unmarshal([]byte(service.GetString("name")), &name)
	name["fr"] = "Centre de consultation familiale"
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/services/records/" + service.Id,
		Token: mediator, Body: map[string]any{"name": name}})
	if res.Status != http.StatusOK || len(auditFor(t, app, service.Id)) != 1 {
		t.Errorf("service translation: %d, %d audit lines", res.Status, len(auditFor(t, app, service.Id)))
	}
	if report := verify(t, app, ""); !report.OK() {
		t.Error(report)
	}
}

// inDays is the moment n days from now at clock ("HH:MM", UTC), as the API
// writes dates.
func inDays(n int, clock string) string {
	return time.Now().UTC().AddDate(0, 0, n).Format("2006-01-02") + " " + clock + ":00.000Z"
}
