package poke_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/poke"
)

// phone is one realtime connection subscribed to hub/changes, as the PWA's
// sync engine opens it: real SSE over a real socket to the real router.
type phone struct {
	mu    sync.Mutex
	seqs  []int64  // the pokes' seq, in arrival order
	other []string // any other event (there should be none)
	close context.CancelFunc
}

func connect(t *testing.T, url, token string) *phone {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(res.Body)
	clientID := ""
	for clientID == "" && lines.Scan() {
		if data, ok := strings.CutPrefix(lines.Text(), "data:"); ok {
			var connect struct{ ClientID string }
			json.Unmarshal([]byte(data), &connect)
			clientID = connect.ClientID
		}
	}
	body, _ := json.Marshal(map[string]any{"clientId": clientID, "subscriptions": []string{poke.Topic}})
	sub, _ := http.NewRequest(http.MethodPost, url+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	if token != "" {
		sub.Header.Set("Authorization", token)
	}
	if r, err := http.DefaultClient.Do(sub); err != nil || r.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribing to %s: %v %v", poke.Topic, err, r)
	}
	p := &phone{close: cancel}
	go func() {
		event := ""
		for lines.Scan() {
			line := lines.Text()
			if name, ok := strings.CutPrefix(line, "event:"); ok {
				event = name
				continue
			}
			data, ok := strings.CutPrefix(line, "data:")
			if !ok {
				continue
			}
			p.mu.Lock()
			var msg map[string]any
			json.Unmarshal([]byte(data), &msg)
			seq, isSeq := msg["seq"].(float64)
			if event == poke.Topic && isSeq && len(msg) == 1 {
				p.seqs = append(p.seqs, int64(seq))
			} else {
				p.other = append(p.other, event+" "+data)
			}
			p.mu.Unlock()
		}
	}()
	return p
}

// newest is the highest seq poked so far (0: none).
func (p *phone) newest() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	var n int64
	for _, s := range p.seqs {
		n = max(n, s)
	}
	return n
}

// waitPoke waits until a poke with seq >= want arrives.
func (p *phone) waitPoke(t *testing.T, want int64, who string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.newest() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s was not poked for seq %d (newest poke %d)", who, want, p.newest())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// hub is a test app served over a real socket, with the phones to connect.
type hub struct {
	app *tests.TestApp
	url string
}

func newHub(t *testing.T) *hub {
	t.Helper()
	app := hubtest.NewApp(t)
	srv := httptest.NewServer(hubtest.Handler(t, app))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		app.Cleanup()
	})
	return &hub{app: app, url: srv.URL}
}

func (h *hub) token(t *testing.T, email string) string {
	if email == "" {
		return ""
	}
	return hubtest.Token(t, h.app, "users", email)
}

// create makes a record through the records API and returns its id and
// the newest change-log seq after it.
func (h *hub) create(t *testing.T, collection, email string, body map[string]any) (string, int64) {
	t.Helper()
	res := hubtest.Do(t, h.app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/" + collection + "/records",
		Token: h.token(t, email), Body: body})
	if res.Status != http.StatusOK {
		t.Fatalf("create %s: %d %s", collection, res.Status, res.Body)
	}
	var r struct{ ID string }
	res.JSON(t, &r)
	return r.ID, h.latest(t)
}

func (h *hub) latest(t *testing.T) int64 {
	t.Helper()
	var seq int64
	if err := h.app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes").Row(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

func (h *hub) userID(t *testing.T, email string) string {
	t.Helper()
	u, err := h.app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Id
}

// assertNotPoked: after the expected phones were poked for seq (and the
// poker has had time to reach everyone), these phones have no poke at or
// past it.
func assertNotPoked(t *testing.T, seq int64, phones map[string]*phone) {
	t.Helper()
	time.Sleep(3 * poke.Interval)
	for who, p := range phones {
		if p.newest() >= seq {
			t.Errorf("%s was poked for seq %d, a change it may not see", who, seq)
		}
	}
}

func publicActivity(title string, days int) map[string]any {
	return map[string]any{"title": map[string]string{"it": title}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(days, "10:00"), "ends_at": hubtest.InDays(days, "11:00")}
}

// A published activity pokes every phone, signed in or not, with the seq
// that covers it; the poke carries nothing else.
func TestAPublicChangePokesEveryone(t *testing.T) {
	h := newHub(t)
	phones := map[string]*phone{}
	for who, email := range map[string]string{"guest": "", "family": hubtest.FamilyEmail, "other family": hubtest.OtherFamilyEmail,
		"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		phones[who] = connect(t, h.url, h.token(t, email))
	}
	_, seq := h.create(t, "activities", hubtest.StaffEmail, publicActivity("Festa", 90))
	for who, p := range phones {
		p.waitPoke(t, seq, who)
		p.mu.Lock()
		if len(p.other) > 0 {
			t.Errorf("%s got other messages: %v", who, p.other)
		}
		p.mu.Unlock()
	}
}

// A family's private change pokes that family (and staff), never another
// family or a guest: a poke says "something you may see changed".
func TestAPrivateChangePokesOnlyWhomItConcerns(t *testing.T) {
	h := newHub(t)
	family := connect(t, h.url, h.token(t, hubtest.FamilyEmail))
	other := connect(t, h.url, h.token(t, hubtest.OtherFamilyEmail))
	guest := connect(t, h.url, "")
	mediator := connect(t, h.url, h.token(t, hubtest.MediatorEmail))
	staff := connect(t, h.url, h.token(t, hubtest.StaffEmail))

	otherID := h.userID(t, hubtest.OtherFamilyEmail)
	_, seq := h.create(t, "appointment_requests", hubtest.OtherFamilyEmail, map[string]any{"user": otherID, "topic": "listening", "contact_phone": "333 1234567"})
	other.waitPoke(t, seq, "the family that asked")
	staff.waitPoke(t, seq, "staff")
	assertNotPoked(t, seq, map[string]*phone{"another family": family, "a guest": guest, "a mediator": mediator})

	// (a registration is not private as a whole: it changes the places
	// left on a public activity, and that pokes everyone)
	res := hubtest.Do(t, h.app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + otherID,
		Token: h.token(t, hubtest.OtherFamilyEmail), Body: map[string]any{"name": "Famiglia Rossi"}})
	if res.Status != http.StatusOK {
		t.Fatalf("profile: %d %s", res.Status, res.Body)
	}
	seq = h.latest(t)
	other.waitPoke(t, seq, "the family that changed its profile")
	assertNotPoked(t, seq, map[string]*phone{"another family": family, "a guest": guest, "a mediator": mediator})
}

// An organization's draft reaches its members (from the in-memory index of
// memberships) and the mediators; a new member is reached from the next
// change on, without a reconnect.
func TestOrganizationsAndMediatorsArePokedThroughTheIndex(t *testing.T) {
	h := newHub(t)
	member := connect(t, h.url, h.token(t, hubtest.NewAssocEmail))
	mediator := connect(t, h.url, h.token(t, hubtest.MediatorEmail))
	family := connect(t, h.url, h.token(t, hubtest.FamilyEmail))
	verified := connect(t, h.url, h.token(t, hubtest.VerifiedEmail))

	org := hubtest.BySlug(t, h.app, "organizations", hubtest.UnverifiedOrgSlug)
	draft := hubtest.BySlug(t, h.app, "activities", hubtest.StaffDraftSlug)
	edit := func(title string) int64 {
		draft.Set("organization", org.Id)
		draft.Set("title", map[string]string{"it": title})
		if err := h.app.Save(draft); err != nil {
			t.Fatal(err)
		}
		return h.latest(t)
	}
	seq := edit("Bozza dell'associazione")
	member.waitPoke(t, seq, "the organization's member")
	mediator.waitPoke(t, seq, "a mediator")
	assertNotPoked(t, seq, map[string]*phone{"a family": family, "a member of another organization": verified})

	// the family joins the organization: from now on its drafts reach them
	org.Set("members+", h.userID(t, hubtest.FamilyEmail))
	if err := h.app.Save(org); err != nil {
		t.Fatal(err)
	}
	seq = edit("Bozza, seconda versione")
	family.waitPoke(t, seq, "the organization's new member")
	assertNotPoked(t, seq, map[string]*phone{"a member of another organization": verified})
}

// The poke carries the seq, and the phone pulls from its cursor after a
// reconnect: what changed while it was away comes with that pull.
func TestAfterAReconnectThePullCoversWhatWasMissed(t *testing.T) {
	h := newHub(t)
	token := h.token(t, hubtest.OtherFamilyEmail)
	otherID := h.userID(t, hubtest.OtherFamilyEmail)
	pull := func(cursor int64) (int64, []string) {
		t.Helper()
		res := hubtest.Do(t, h.app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?cursor=" + itoa(cursor), Token: token})
		var page struct {
			Cursor  int64
			Reset   bool
			Changes []struct{ Op, Collection, ID string }
		}
		res.JSON(t, &page)
		if res.Status != http.StatusOK {
			t.Fatalf("pull: %d %s", res.Status, res.Body)
		}
		var ids []string
		for _, c := range page.Changes {
			ids = append(ids, c.ID)
		}
		return page.Cursor, ids
	}
	phone := connect(t, h.url, token)
	cursor, _ := pull(0) // the first pull is a snapshot; its cursor is where the phone stands

	first, _ := h.create(t, "appointment_requests", hubtest.OtherFamilyEmail, map[string]any{"user": otherID, "topic": "listening", "contact_phone": "333 1234567"})
	phone.waitPoke(t, cursor+1, "the phone")
	if phone.newest() <= cursor {
		t.Fatalf("poke seq %d is not past the cursor %d", phone.newest(), cursor)
	}
	cursor, got := pull(cursor)
	if !contains(got, first) {
		t.Fatalf("the pull after the poke has %v, not %s", got, first)
	}
	if cursor != phone.newest() {
		t.Errorf("after the pull the cursor is %d, the poke said %d", cursor, phone.newest())
	}

	// offline: no connection while two things change
	phone.close()
	missed, _ := h.create(t, "appointment_requests", hubtest.OtherFamilyEmail, map[string]any{"user": otherID, "topic": "listening", "message": "Ancora io", "contact_phone": "333 1234567"})
	_, public := h.create(t, "activities", hubtest.StaffEmail, publicActivity("Mentre eri via", 92))

	phone = connect(t, h.url, token) // a new client id, as every reconnect gets
	_, got = pull(cursor)
	if !contains(got, missed) {
		t.Fatalf("the pull after the reconnect has %v, not the missed %s", got, missed)
	}
	_, seq := h.create(t, "activities", hubtest.StaffEmail, publicActivity("Dopo il ritorno", 93))
	phone.waitPoke(t, seq, "the reconnected phone")
	if seq <= public {
		t.Fatalf("seq went backwards: %d after %d", seq, public)
	}
}

// The topic names no collection (so PocketBase's record broadcaster never
// checks a rule for it) and the query guard takes it as it is.
func TestTheTopicIsNoCollection(t *testing.T) {
	h := newHub(t)
	name, _, _ := strings.Cut(poke.Topic, "/")
	if c, err := h.app.FindCollectionByNameOrId(name); err == nil {
		t.Fatalf("a collection %q exists: PocketBase would check its rule for %s", c.Name, poke.Topic)
	}
	connect(t, h.url, "") // subscribing succeeds (connect fails the test otherwise)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
