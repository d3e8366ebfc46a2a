package announcements_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
)

var roles = map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail,
	"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail}

// TestOnlyStaffPostAndWithdraw: each role posts an announcement to the
// "0-6 anni" group and withdraws the one to everyone, through the mutations
// and through the records API, on identical apps. Staff may, and each is
// audited; a family, an association member and a mediator are refused both
// ways with the same status and message, and nothing is written.
func TestOnlyStaffPostAndWithdraw(t *testing.T) {
	for role, email := range roles {
		t.Run(role, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			group := hubtest.BySlug(t, viaMutation, "groups", "0-6-anni").Id
			forAll, _ := viaMutation.FindFirstRecordByFilter("announcements", "title.it = {:t}", map[string]any{"t": hubtest.AnnouncementForAll})
			id := core.GenerateDefaultRandomId()
			fields := map[string]any{"group": group, "title": it("Chiusura"), "body": it("Il nido resta chiuso venerdì."), "urgent": true}
			cases := []struct {
				what, mutation string
				args           map[string]any
				method, url    string
				body           map[string]any
			}{
				{"post", "post_announcement", hubtest.Merge(map[string]any{"announcement": id}, fields), http.MethodPost, "/api/collections/announcements/records", hubtest.Merge(map[string]any{"id": id}, fields)},
				{"withdraw", "withdraw_announcement", map[string]any{"announcement": forAll.Id}, http.MethodPatch, "/api/collections/announcements/records/" + forAll.Id, map[string]any{"status": "withdrawn"}},
			}
			audits := hubtest.Count(t, viaMutation, "audit_log", "", nil)
			for _, c := range cases {
				out := hubtest.Mutate(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), "it", c.mutation, c.args)
				res := hubtest.Do(t, viaAPI, hubtest.Request{Method: c.method, URL: c.url, Token: hubtest.Token(t, viaAPI, "users", email),
					Body: c.body, Header: map[string]string{"Accept-Language": "it"}})
				if role == "staff" {
					if out.Status != "applied" || res.Status != http.StatusOK {
						t.Errorf("%s: staff refused: %+v / %d %s", c.what, out.Error, res.Status, res.Body)
					}
					continue
				}
				var body struct{ Message string }
				res.JSON(t, &body)
				if out.Status != "rejected" || res.Status != http.StatusForbidden || out.Error.Status != res.Status || out.Error.Message != body.Message {
					t.Errorf("%s by %s: mutation %+v, API %d %s", c.what, role, out.Error, res.Status, res.Body)
				}
				if out.Error != nil && out.Error.Code != "staff_only" {
					t.Errorf("%s by %s: code %s", c.what, role, out.Error.Code)
				}
			}
			for name, app := range map[string]core.App{"mutation": viaMutation, "API": viaAPI} {
				posted, err := app.FindRecordById("announcements", id)
				after, _ := app.FindRecordById("announcements", forAll.Id)
				if role != "staff" {
					if err == nil || after.GetString("status") != "published" || hubtest.Count(t, app, "audit_log", "", nil) != audits {
						t.Errorf("%s by %s: something was written", name, role)
					}
					continue
				}
				staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
				if err != nil || posted.GetString("status") != "published" || posted.GetString("author") != staff.Id ||
					posted.GetDateTime("published_at").IsZero() || !posted.GetBool("urgent") || posted.GetString("group") != group {
					t.Errorf("%s: posted %v %v", name, posted, err)
				}
				if after.GetString("status") != "withdrawn" {
					t.Errorf("%s: not withdrawn", name)
				}
				// This test's two announcements (the demo data posts others).
				lines, _ := app.FindRecordsByFilter("audit_log", "target_collection = 'announcements' && (target_id = {:posted} || target_id = {:forAll})",
					"seq", 0, 0, map[string]any{"posted": id, "forAll": forAll.Id})
				var got []string
				for _, l := range lines {
					got = append(got, l.GetString("action")+" "+l.GetString("to_status")+" "+l.GetString("actor_id"))
				}
				want := []string{"post_announcement published " + staff.Id, "withdraw_announcement withdrawn " + staff.Id}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("%s: audit %v, want %v", name, got, want)
				}
			}
		})
	}
}

// TestWhoReadsWhichAnnouncement: an announcement to everyone reaches every
// feed, guests included; one to the public "0-6 anni" group too (the group
// is public), one to a private group only its members and staff: a family
// that is not a member neither lists it nor finds it, nor its id, in its
// sync feed. Withdrawn, each leaves the lists, and the phones that had it
// get a tombstone in their next pull; staff still list it.
func TestWhoReadsWhichAnnouncement(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	private := hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug).Id
	member := hubtest.NewUser(t, app, "membro.riservato@hug.test", "family")
	c, _ := app.FindCollectionByNameOrId("memberships")
	m := core.NewRecord(c)
	m.Load(map[string]any{"group": private, "user": member.Id, "status": "active"})
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	readers := map[string]string{
		"guest":    "",
		"family":   hubtest.Token(t, app, "users", hubtest.FamilyEmail),
		"mediator": hubtest.Token(t, app, "users", hubtest.MediatorEmail),
		"member":   hubtest.Token(t, app, "users", member.Email()),
		"staff":    hubtest.Token(t, app, "users", hubtest.StaffEmail),
	}
	cursors := map[string]int64{}
	for who, token := range readers {
		_, cursors[who] = feed(t, app, token, 0)
	}

	everyone := post(t, app, "", "A tutti")
	public := post(t, app, hubtest.BySlug(t, app, "groups", "0-6-anni").Id, "Al gruppo 0-6")
	secret := post(t, app, private, "Al gruppo riservato")
	want := map[string]map[string]bool{
		everyone: {"guest": true, "family": true, "mediator": true, "member": true, "staff": true},
		public:   {"guest": true, "family": true, "mediator": true, "member": true, "staff": true},
		secret:   {"member": true, "staff": true},
	}
	for who, token := range readers {
		body, _ := feed(t, app, token, cursors[who])
		for id, readers := range want {
			if got := listed(t, app, token, id); got != readers[who] {
				t.Errorf("%s lists %s: %v", who, id, got)
			}
			if got := strings.Contains(body, id); got != readers[who] {
				t.Errorf("%s's feed has %s: %v", who, id, got)
			}
		}
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	before := map[string]int64{}
	for who, token := range readers {
		_, before[who] = feed(t, app, token, 0)
	}
	for id := range want {
		if out := hubtest.Mutate(t, app, staff, "it", "withdraw_announcement", map[string]any{"announcement": id}); out.Status != "applied" {
			t.Fatalf("withdraw: %+v", out.Error)
		}
	}
	for who, token := range readers {
		body, _ := feed(t, app, token, before[who])
		for id, readers := range want {
			if who == "staff" {
				if !listed(t, app, token, id) {
					t.Errorf("staff lost the withdrawn %s", id)
				}
				continue
			}
			if listed(t, app, token, id) {
				t.Errorf("%s still lists the withdrawn %s", who, id)
			}
			tombstone := strings.Contains(body, `{"op":"delete","collection":"announcements","id":"`+id+`"}`)
			if tombstone != readers[who] {
				t.Errorf("%s: tombstone of %s %v (had it: %v)", who, id, tombstone, readers[who])
			}
		}
	}
}

// TestAGroupTurningPrivateTakesItsAnnouncementsFromOthers: a family that
// is not a member had the public group's announcement; staff make the
// group private (update_group), and the family's next pull deletes it from
// its phone while a member keeps it; made public again, it comes back.
func TestAGroupTurningPrivateTakesItsAnnouncementsFromOthers(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := hubtest.BySlug(t, app, "groups", "0-6-anni").Id // the other family is a member
	id := post(t, app, group, "Festa al nido")
	family := hubtest.Token(t, app, "users", hubtest.NewUser(t, app, "non.membro@hug.test", "family").Email())
	other := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	_, familyCursor := feed(t, app, family, 0)
	_, otherCursor := feed(t, app, other, 0)

	if out := hubtest.Mutate(t, app, staff, "it", "update_group", map[string]any{"group": group, "public": false}); out.Status != "applied" {
		t.Fatalf("make private: %+v", out.Error)
	}
	body, familyCursor := feed(t, app, family, familyCursor)
	if !strings.Contains(body, `{"op":"delete","collection":"announcements","id":"`+id+`"}`) || listed(t, app, family, id) {
		t.Errorf("a non-member keeps a private group's announcement: %s", body)
	}
	body, _ = feed(t, app, other, otherCursor)
	if strings.Contains(body, `{"op":"delete","collection":"announcements","id":"`+id+`"}`) || !listed(t, app, other, id) {
		t.Errorf("a member lost the announcement: %s", body)
	}

	if out := hubtest.Mutate(t, app, staff, "it", "update_group", map[string]any{"group": group, "public": true}); out.Status != "applied" {
		t.Fatalf("make public: %+v", out.Error)
	}
	body, _ = feed(t, app, family, familyCursor)
	if !strings.Contains(body, `"op":"put","collection":"announcements","id":"`+id+`"`) {
		t.Errorf("public again, the announcement does not come back: %s", body)
	}
}

// TestBadAnnouncementsAreRefused: no Italian title (only an English one),
// no text, an unknown group, a second withdrawal: each refused on its
// field with a message in the caller's language, through the mutation and
// the records API alike, and nothing written (no announcement, no audit).
func TestBadAnnouncementsAreRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	withdrawn := post(t, app, "", "Da ritirare")
	if out := hubtest.Mutate(t, app, staff, "it", "withdraw_announcement", map[string]any{"announcement": withdrawn}); out.Status != "applied" {
		t.Fatal(out.Error)
	}
	announcements, audits := hubtest.Count(t, app, "announcements", "", nil), hubtest.Count(t, app, "audit_log", "", nil)
	for _, c := range []struct {
		what, field, code, message string
		args                       map[string]any
	}{
		{"English title only", "title", "validation_multitext_source_required", "Serve il testo in italiano.",
			map[string]any{"title": map[string]string{"en": "Closed"}, "body": it("Chiuso")}},
		{"no text", "body", "validation_multitext_source_required", "Serve il testo in italiano.",
			map[string]any{"title": it("Chiuso")}},
		{"unknown group", "group", "announcement_unknown_group", "Questo gruppo non esiste.",
			map[string]any{"group": "nessungruppo000", "title": it("Chiuso"), "body": it("Chiuso")}},
	} {
		id := core.GenerateDefaultRandomId()
		out := hubtest.Mutate(t, app, staff, "it", "post_announcement", hubtest.Merge(map[string]any{"announcement": id}, c.args))
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/announcements/records", Token: staff,
			Body: c.args, Header: map[string]string{"Accept-Language": "it"}})
		var body struct {
			Data map[string]struct{ Code, Message string }
		}
		res.JSON(t, &body)
		field, _ := out.Error.Data[c.field].(map[string]any)
		if out.Status != "rejected" || field["code"] != c.code || res.Status != http.StatusBadRequest || body.Data[c.field].Code != c.code {
			t.Errorf("%s: mutation %+v, API %d %s", c.what, out.Error, res.Status, res.Body)
		}
		if msg := body.Data[c.field].Message; msg == "" || msg == c.code || (c.message != "" && msg != c.message) || field["message"] != msg {
			t.Errorf("%s: message %q / %q, want it in Italian", c.what, msg, field["message"])
		}
	}
	out := hubtest.Mutate(t, app, staff, "it", "withdraw_announcement", map[string]any{"announcement": withdrawn})
	if out.Status != "rejected" || out.Error.Code != "announcement_withdrawn" || out.Error.Message == "announcement_withdrawn" {
		t.Errorf("withdrawn twice: %+v", out.Error)
	}
	if hubtest.Count(t, app, "announcements", "", nil) != announcements || hubtest.Count(t, app, "audit_log", "", nil) != audits {
		t.Error("a refused announcement wrote something")
	}
}

// TestAPostAndItsAuditLineLandTogether: when the audit line cannot be
// written (a trigger refuses it), the announcement is not posted either.
func TestAPostAndItsAuditLineLandTogether(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	if _, err := app.DB().NewQuery("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no audit'); END").Execute(); err != nil {
		t.Fatal(err)
	}
	before := hubtest.Count(t, app, "announcements", "", nil)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/announcements/records", Token: hubtest.Token(t, app, "users", hubtest.StaffEmail),
		Body: map[string]any{"title": it("Senza traccia"), "body": it("Non deve restare")}})
	if res.Status < 400 || hubtest.Count(t, app, "announcements", "", nil) != before {
		t.Errorf("posted without its audit line: %d %s", res.Status, res.Body)
	}
}
