package syncfeed_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/hubtest"
)

// TestAFamilyNeverHearsOfAnotherFamilysRecords: another family registers,
// changes and cancels, deletes its registration, asks for an appointment
// and withdraws it, proposes an activity and deletes it, joins a private
// group and leaves it. A family's feed names none of those records, as a
// put or as a tombstone; the other family's own feed names them all.
func TestAFamilyNeverHearsOfAnotherFamilysRecords(t *testing.T) {
	app := hubtest.NewApp(t)
	family := roles[1].token(t, app)
	otherToken := roles[2].token(t, app)
	mine, theirs := newPhone(), newPhone()
	mine.sync(t, app, family, 0)
	theirs.sync(t, app, otherToken, 0)

	other := mustFind(t, app, hubtest.OtherFamilyEmail)
	activity := hubtest.BySlug(t, app, "activities", "ape-2")
	var secret []string
	reg := newRecord(t, app, "registrations", map[string]any{"activity": activity.Id, "user": other.Id, "adults": 1, "children": 1, "status": "going"})
	mustSave(t, app, reg)
	reg.Set("children", 2)
	mustSave(t, app, reg)
	reg.Set("status", "cancelled")
	mustSave(t, app, reg)
	appointment := newRecord(t, app, "appointment_requests", map[string]any{"user": other.Id, "topic": "listening", "message": "Una domanda", "status": "new"})
	mustSave(t, app, appointment)
	proposal := newRecord(t, app, "activities", map[string]any{"title": map[string]string{"it": "Idea"}, "kind": "meeting",
		"starts_at": hubtest.InDays(40, "10:00"), "ends_at": hubtest.InDays(40, "11:00"), "status": "pending", "proposer": other.Id})
	mustSave(t, app, proposal)
	private := hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug)
	membership := newRecord(t, app, "memberships", map[string]any{"group": private.Id, "user": other.Id, "status": "active"})
	mustSave(t, app, membership)
	secret = append(secret, "registrations/"+reg.Id, "appointment_requests/"+appointment.Id, "activities/"+proposal.Id,
		"memberships/"+membership.Id, "groups/"+private.Id, "users/"+other.Id)
	theirs.sync(t, app, otherToken, 0) // while they still exist
	for _, r := range []*core.Record{reg, appointment, proposal, membership} {
		if err := app.Delete(r); err != nil {
			t.Fatal(err)
		}
	}

	mine.sync(t, app, family, 2)
	theirs.sync(t, app, otherToken, 2)
	for _, s := range secret {
		if mine.seen[s] {
			t.Errorf("the family's feed named another family's %s", s)
		}
		if !theirs.seen[s] {
			t.Errorf("the other family's own feed never named %s", s)
		}
	}
	for c, records := range theirs.records {
		for id := range records {
			if c != "users" && strings.Contains(strings.Join(secret, " "), id) {
				t.Errorf("the other family still holds deleted %s/%s", c, id)
			}
		}
	}
}

// TestTombstonesForDeletesAndLostSight: whoever could see a record gets a
// delete, with no data, when it is deleted or leaves their sight.
func TestTombstonesForDeletesAndLostSight(t *testing.T) {
	app := hubtest.NewApp(t)
	guest, family := newPhone(), newPhone()
	familyToken := roles[1].token(t, app)
	guest.sync(t, app, "", 0)
	family.sync(t, app, familyToken, 0)
	me := mustFind(t, app, hubtest.FamilyEmail)

	// An activity leaves "approved" (staff send it back to moderation).
	activity := hubtest.BySlug(t, app, "activities", "ape-3")
	if guest.records["activities"][activity.Id] == nil {
		t.Fatal("the guest does not hold ape-3 to begin with")
	}
	activity.Set("status", "pending")
	mustSave(t, app, activity)
	res := pull(t, app, "", guest.cursor, 0)
	if !hasOp(res, "delete", "activities", activity.Id) {
		t.Errorf("no tombstone for the guest when ape-3 left approved: %+v", res.Changes)
	}
	guest.apply(res)

	// A registration is deleted.
	reg := newRecord(t, app, "registrations", map[string]any{"activity": hubtest.BySlug(t, app, "activities", "ape-4").Id, "user": me.Id, "adults": 1, "status": "going"})
	mustSave(t, app, reg)
	family.sync(t, app, familyToken, 0)
	if family.records["registrations"][reg.Id] == nil {
		t.Fatal("the family's new registration did not come")
	}
	if err := app.Delete(reg); err != nil {
		t.Fatal(err)
	}
	res = pull(t, app, familyToken, family.cursor, 0)
	if !hasOp(res, "delete", "registrations", reg.Id) {
		t.Errorf("no tombstone for a deleted registration: %+v", res.Changes)
	}
	family.apply(res)

	// A membership of a private group ends: the group goes too.
	private := hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug)
	membership := newRecord(t, app, "memberships", map[string]any{"group": private.Id, "user": me.Id, "status": "active"})
	mustSave(t, app, membership)
	family.sync(t, app, familyToken, 0)
	if family.records["groups"][private.Id] == nil || family.records["memberships"][membership.Id] == nil {
		t.Fatal("joining the private group did not bring it")
	}
	if err := app.Delete(membership); err != nil {
		t.Fatal(err)
	}
	family.sync(t, app, familyToken, 0)
	if family.records["groups"][private.Id] != nil || family.records["memberships"][membership.Id] != nil {
		t.Error("the family still holds the private group or the membership after leaving")
	}

	// The registrations of an activity whose organization changes leave
	// the old organization's members.
	verified := roles[4].token(t, app)
	assoc := newPhone()
	assoc.sync(t, app, verified, 0)
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	theirs := ""
	for id, r := range assoc.records["registrations"] {
		if a, _ := app.FindRecordById("activities", r["activity"].(string)); a != nil && a.GetString("organization") == solco.Id {
			theirs = id
		}
	}
	if theirs == "" {
		t.Fatal("the Sol.Co. member sees no registration of a Sol.Co. activity")
	}
	reg2, _ := app.FindRecordById("registrations", theirs)
	event, _ := app.FindRecordById("activities", reg2.GetString("activity"))
	event.Set("organization", "")
	mustSave(t, app, event)
	res = pull(t, app, verified, assoc.cursor, 0)
	if !hasOp(res, "delete", "registrations", theirs) {
		t.Errorf("no tombstone for a registration whose activity left the organization: %+v", res.Changes)
	}
	for _, c := range res.Changes {
		if c.Op == "delete" && c.Record != nil {
			t.Errorf("a tombstone carries data: %+v", c)
		}
	}
}

func hasOp(res pulled, op, collection, id string) bool {
	for _, c := range res.Changes {
		if c.Op == op && c.Collection == collection && c.ID == id {
			return true
		}
	}
	return false
}

// TestResetsWhenWhatSomeoneMaySeeChanges: a role change, joining an
// organization, a cursor from the future or not a cursor at all give a
// snapshot; an ordinary change does not.
func TestResetsWhenWhatSomeoneMaySeeChanges(t *testing.T) {
	app := hubtest.NewApp(t)
	token := roles[1].token(t, app)
	p := newPhone()
	p.sync(t, app, token, 0)
	if p.resets != 1 {
		t.Fatalf("a first pull is a snapshot; resets = %d", p.resets)
	}
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	place.Set("phone", "0372 000000")
	mustSave(t, app, place)
	if res := pull(t, app, token, p.cursor, 0); res.Reset || !hasOp(res, "put", "places", place.Id) {
		t.Errorf("an ordinary change: reset=%v changes=%+v", res.Reset, res.Changes)
	} else {
		p.apply(res)
	}

	if res := pull(t, app, token, p.cursor+1000, 0); !res.Reset {
		t.Error("a cursor from the future did not reset")
	}

	me := mustFind(t, app, hubtest.FamilyEmail)
	me.Set("role", "mediator")
	mustSave(t, app, me)
	res := pull(t, app, token, p.cursor, 0)
	if !res.Reset {
		t.Fatal("a role change did not reset")
	}
	p.apply(res)
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	if p.records["activities"][pending.Id] == nil {
		t.Error("a new mediator's snapshot lacks the pending proposal mediators read")
	}

	org := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	org.Set("members+", me.Id)
	mustSave(t, app, org)
	res = pull(t, app, token, p.cursor, 0)
	if !res.Reset || !hasOp(res, "put", "organizations", org.Id) {
		t.Errorf("joining an unverified organization: reset=%v", res.Reset)
	}
}

// TestTheFeedTakesNoClientExpressions: filter, sort, expand and fields are
// ignored, so the feed cannot be used to probe or expand what the rules
// hide, and the allowlist guard has nothing to check.
func TestTheFeedTakesNoClientExpressions(t *testing.T) {
	app := hubtest.NewApp(t)
	token := roles[1].token(t, app)
	plain := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync", Token: token})
	probing := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, Token: token,
		URL: "/api/hub/sync?expand=user,activity.proposer&fields=id&filter=" + "user.email~'%25'" + "&sort=-id"})
	if plain.Status != http.StatusOK || probing.Status != http.StatusOK {
		t.Fatalf("statuses %d, %d: %s", plain.Status, probing.Status, probing.Body)
	}
	if strings.Contains(string(probing.Body), `"expand":{"`) {
		t.Error("the feed expanded a relation a client asked for")
	}
	var a, b pulled
	plain.JSON(t, &a)
	probing.JSON(t, &b)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("client expressions changed what the feed gives")
	}
}

// TestBadCursorsAndLimitsAreRefusedInTheCallersLanguage: in every language,
// with a stable code.
func TestBadCursorsAndLimitsAreRefusedInTheCallersLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	cases := map[string]string{
		"cursor=abc": "sync_bad_cursor", "cursor=-1": "sync_bad_cursor", "cursor=1.5": "sync_bad_cursor",
		"cursor=99999999999999999999": "sync_bad_cursor", "limit=0": "sync_bad_limit", "limit=x": "sync_bad_limit",
	}
	english := map[string]string{}
	for _, lang := range []string{"it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"} {
		for query, code := range cases {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?" + query, Header: map[string]string{"Accept-Language": lang}})
			var body struct {
				Message string                       `json:"message"`
				Data    map[string]map[string]string `json:"data"`
			}
			res.JSON(t, &body)
			field := strings.SplitN(query, "=", 2)[0]
			if res.Status != http.StatusBadRequest || body.Data[field]["code"] != code {
				t.Errorf("%s in %s: %d %s", query, lang, res.Status, res.Body)
				continue
			}
			if body.Message == "" || body.Message == code {
				t.Errorf("%s in %s: message not localized: %q", query, lang, body.Message)
			}
			if lang == "en" {
				english[code] = body.Message
			} else if lang != "it" && english[code] != "" && body.Message == english[code] {
				t.Errorf("%s in %s: English message", query, lang)
			}
		}
	}
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?limit=999999"}); res.Status != http.StatusOK {
		t.Errorf("a large limit is capped, not refused: %d", res.Status)
	}
}

// TestPullsAreGzipped: a phone that accepts gzip gets the feed compressed.
func TestPullsAreGzipped(t *testing.T) {
	app := hubtest.NewApp(t)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync", Header: map[string]string{"Accept-Encoding": "gzip"}})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", res.Header)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	zr, err := gzip.NewReader(strings.NewReader(string(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(zr)
	var p pulled
	if err := json.Unmarshal(raw, &p); err != nil || !p.Reset || len(p.Changes) == 0 {
		t.Fatalf("gunzipped body: %v %.200s", err, raw)
	}
	t.Logf("snapshot for a guest: %d bytes, %d gzipped", len(raw), len(res.Body))
}

// TestACursorBelowTheFloorGetsASnapshot: after retention dropped changes a
// phone had not pulled, its next pull is a snapshot, not a page with holes;
// a phone that was up to date goes on change by change.
func TestACursorBelowTheFloorGetsASnapshot(t *testing.T) {
	app := hubtest.NewApp(t)
	away, current := newPhone(), newPhone()
	away.sync(t, app, "", 0)
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	place.Set("phone", "0372 111")
	mustSave(t, app, place)
	current.sync(t, app, "", 0)
	if _, err := changelog.Compact(app, time.Now().Add(31*24*time.Hour), changelog.DefaultRetention); err != nil {
		t.Fatal(err)
	}
	res := pull(t, app, "", away.cursor, 0)
	if !res.Reset {
		t.Fatal("a phone whose changes were dropped did not get a snapshot")
	}
	away.apply(res)
	if away.records["places"][place.Id]["phone"] != "0372 111" {
		t.Error("the snapshot lacks the change the phone missed")
	}
	if res := pull(t, app, "", current.cursor, 0); res.Reset {
		t.Error("an up-to-date phone was reset by retention")
	}
}

// TestAWriteFromAStaleCopyStillTombstones: a writer saves a copy of an
// activity loaded while it was pending, after staff approved it meanwhile
// (the copy's status wins: PocketBase saves every field). The guests who saw
// it approved get a tombstone: the audiences before a write are those of the
// record as committed, not of the writer's copy.
func TestAWriteFromAStaleCopyStillTombstones(t *testing.T) {
	app := hubtest.NewApp(t)
	pending := hubtest.BySlug(t, app, "activities", hubtest.PendingSlug)
	stale, _ := app.FindRecordById("activities", pending.Id)
	pending.Set("status", "approved")
	mustSave(t, app, pending)
	guest := newPhone()
	guest.sync(t, app, "", 0)
	if guest.records["activities"][pending.Id] == nil {
		t.Fatal("the guest does not see the approved activity")
	}
	stale.Set("runner", "Associazione")
	mustSave(t, app, stale) // back to pending
	res := pull(t, app, "", guest.cursor, 0)
	if !hasOp(res, "delete", "activities", pending.Id) {
		t.Errorf("no tombstone after a stale copy took the activity back to pending: %+v", res.Changes)
	}
}
