package mutations_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/mutations"
)

// A mutation sent three times (the answer lost twice) is applied once, and
// every answer is the stored outcome of the first.
func TestReplayedMutationAppliesOnce(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	activity := openActivity(t, app, 3)
	mut := m{hubtest.MutationID(), "register", map[string]any{"registration": recordID(), "activity": activity.Id, "adults": 1, "children": 1}}

	first := push(t, app, token, mut).Results[0]
	if first.Status != "applied" || first.Replayed {
		t.Fatalf("first: %+v", first)
	}
	for i := 0; i < 2; i++ {
		again := push(t, app, token, mut).Results[0]
		if !again.Replayed || again.Status != "applied" || !bytes.Equal(again.Record, first.Record) {
			t.Errorf("replay %d: %+v, want the stored outcome %s", i+1, again, first.Record)
		}
	}
	if n := hubtest.Count(t, app, "registrations", "activity = {:a} && user = {:u}", map[string]any{"a": activity.Id, "u": family.Id}); n != 1 {
		t.Errorf("%d registrations after 3 sends", n)
	}
	after, _ := app.FindRecordById("activities", activity.Id)
	if after.GetInt("seats_taken") != 2 {
		t.Errorf("seats taken %d, want 2", after.GetInt("seats_taken"))
	}
	// A rejection is an outcome too: replayed as it was, even if the
	// activity would take it now.
	started := openActivity(t, app, 0)
	started.Set("starts_at", hubtest.InDays(-1, "10:00"))
	started.Set("ends_at", hubtest.InDays(-1, "11:00"))
	if err := app.Save(started); err != nil {
		t.Fatal(err)
	}
	late := m{hubtest.MutationID(), "register", map[string]any{"registration": recordID(), "activity": started.Id, "adults": 1, "children": 0}}
	if out := push(t, app, token, late).Results[0]; out.Status != "rejected" || out.Error.Code != "registration_closed" {
		t.Fatalf("late: %+v", out)
	}
	started.Set("starts_at", hubtest.InDays(5, "10:00"))
	started.Set("ends_at", hubtest.InDays(5, "11:00"))
	if err := app.Save(started); err != nil {
		t.Fatal(err)
	}
	if out := push(t, app, token, late).Results[0]; !out.Replayed || out.Status != "rejected" || out.Error.Code != "registration_closed" {
		t.Errorf("late, replayed: %+v", out)
	}
}

// The same mutation id with other arguments is refused and changes
// nothing; the stored outcome stays.
func TestMutationIDReusedWithOtherArguments(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	id := hubtest.MutationID()
	push(t, app, token, m{id, "update_profile", map[string]any{"municipality": "Soresina"}})
	for _, other := range []m{{id, "update_profile", map[string]any{"municipality": "Crema"}}, {id, "set_language", map[string]any{"language": "uk"}}} {
		out := push(t, app, token, other).Results[0]
		if out.Status != "rejected" || out.Error.Code != mutations.CodeIDReused {
			t.Errorf("%s: %+v", other.Name, out)
		}
	}
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if me.GetString("municipality") != "Soresina" || me.GetStringSlice("languages")[0] == "uk" {
		t.Errorf("profile changed by a reused id: %s %v", me.GetString("municipality"), me.GetStringSlice("languages"))
	}
	// Keys in another order and other spacing are the same arguments.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body: strings.NewReader(`{"mutations":[{"name":"update_profile","args":{ "municipality" : "Soresina" },"id":"` + id + `"}]}`)})
	if !strings.Contains(string(res.Body), `"replayed":true`) {
		t.Errorf("same arguments written differently: %s", res.Body)
	}
}

// A batch is applied in order: a registration and its cancellation in one
// batch end cancelled (in the other order the cancellation finds nothing).
// A rejected mutation does not stop the ones after it.
func TestBatchIsAppliedInOrderAndARejectionDoesNotBlock(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	activity := openActivity(t, app, 5)
	reg := recordID()
	res := push(t, app, token,
		m{hubtest.MutationID(), "register", map[string]any{"registration": reg, "activity": activity.Id, "adults": 1, "children": 0}},
		m{hubtest.MutationID(), "change_registration", map[string]any{"registration": reg, "adults": 2, "children": 1}},
		m{hubtest.MutationID(), "register", map[string]any{"registration": recordID(), "activity": activity.Id, "adults": 1, "children": 0}}, // twice: rejected
		m{hubtest.MutationID(), "cancel_registration", map[string]any{"registration": reg}},
		m{hubtest.MutationID(), "set_language", map[string]any{"language": "uk"}},
	)
	want := []string{"applied", "applied", "rejected", "applied", "applied"}
	for i, out := range res.Results {
		if out.Status != want[i] {
			t.Errorf("mutation %d: %s %+v, want %s", i, out.Status, out.Error, want[i])
		}
	}
	r, err := app.FindRecordById("registrations", reg)
	if err != nil || r.GetString("status") != "cancelled" || r.GetInt("adults") != 2 {
		t.Errorf("registration after the batch: %v %v", r, err)
	}
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if me.GetStringSlice("languages")[0] != "uk" {
		t.Errorf("languages %v", me.GetStringSlice("languages"))
	}
}

// A change and its outcome commit together: when the outcome cannot be
// stored, the change is rolled back too (a 500, the phone sends again),
// and once it can, the mutation is applied once.
func TestChangeAndOutcomeCommitTogether(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	activity := openActivity(t, app, 5)
	reg := recordID()
	batch := map[string]any{"mutations": []m{{hubtest.MutationID(), "register", map[string]any{"registration": reg, "activity": activity.Id, "adults": 1, "children": 0}}}}

	// the outcome's INSERT fails (as a full disk would), reads still work
	if _, err := app.DB().NewQuery("CREATE TRIGGER hub_mutations_full BEFORE INSERT ON hub_mutations BEGIN SELECT RAISE(ABORT, 'disk full'); END").Execute(); err != nil {
		t.Fatal(err)
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token, Body: batch})
	if res.Status != http.StatusInternalServerError {
		t.Errorf("with no place for the outcome: %d %s", res.Status, res.Body)
	}
	if _, err := app.FindRecordById("registrations", reg); err == nil {
		t.Fatal("the registration was kept without its outcome")
	}
	if _, err := app.DB().NewQuery("DROP TRIGGER hub_mutations_full").Execute(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token, Body: batch}); res.Status != 200 {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
	}
	if n := hubtest.Count(t, app, "registrations", "id = {:id}", map[string]any{"id": reg}); n != 1 {
		t.Errorf("%d registrations", n)
	}
}

// Two phones send their batches at the same time for the last seats: the
// seats go to exactly as many people as there are, the others are told they
// are on the waiting list.
func TestConcurrentPhonesForTheLastSeats(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	activity := openActivity(t, app, 4)
	type phone struct{ token string }
	var phones []phone
	for i := 0; i < 8; i++ {
		u := hubtest.NewUser(t, app, fmt.Sprintf("telefono%d@hug.test", i), "family")
		phones = append(phones, phone{hubtest.Token(t, app, "users", u.Email())})
	}
	var wg sync.WaitGroup
	outcomes := make([]mutations.Outcome, len(phones))
	for i, p := range phones {
		wg.Add(1)
		go func(i int, p phone) {
			defer wg.Done()
			outcomes[i] = push(t, app, p.token,
				m{hubtest.MutationID(), "set_language", map[string]any{"language": "ro"}},
				m{hubtest.MutationID(), "register", map[string]any{"registration": recordID(), "activity": activity.Id, "adults": 1, "children": 0}},
			).Results[1]
		}(i, p)
	}
	wg.Wait()
	going, waiting := 0, 0
	for _, o := range outcomes {
		switch {
		case o.Status == "applied" && o.Decided == nil:
			going++
		case o.Status == "applied" && o.Decided["status"] == "waitlisted":
			waiting++
		default:
			t.Errorf("outcome %+v", o)
		}
	}
	if going != 4 || waiting != 4 {
		t.Errorf("%d going, %d waitlisted; want 4 and 4", going, waiting)
	}
	if n := hubtest.Count(t, app, "registrations", "activity = {:a} && status = 'going'", map[string]any{"a": activity.Id}); n != 4 {
		t.Errorf("%d going in the database", n)
	}
	after, _ := app.FindRecordById("activities", activity.Id)
	if after.GetInt("seats_taken") != 4 {
		t.Errorf("seats taken %d", after.GetInt("seats_taken"))
	}
}

// Bad input gets a clear refusal in the caller's language, in each of the
// nine languages; nothing of it is applied and the rest of the batch goes
// on. A body that is not a batch, or one of more than 100 mutations, is
// refused whole.
func TestBadInputIsRefusedClearlyAndBlocksNothing(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, err := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	activity := openActivity(t, app, 0)
	id := hubtest.MutationID()
	push(t, app, token, m{id, "update_profile", map[string]any{"municipality": "Pizzighettone"}})

	bad := []struct {
		raw  string
		code string
	}{
		{`"register"`, mutations.CodeMalformed},
		{`{"id": 7, "name": "register", "args": {}}`, mutations.CodeMalformed},
		{`{"id": "not-a-uuid", "name": "set_language", "args": {"language": "ar"}}`, mutations.CodeBadID},
		{`{"id": "%s", "name": "format_disk", "args": {}}`, mutations.CodeUnknown},
		{`{"id": "%s", "name": "register", "args": {"registration": "abcdefghijklmno", "activity": "x", "adults": "two", "children": 0}}`, mutations.CodeBadArgs},
		{`{"id": "%s", "name": "register", "args": {"registration": "abcdefghijklmno", "activity": "x", "adults": 1, "seats_taken": 0}}`, mutations.CodeBadArgs},
		{`{"id": "%s", "name": "register", "args": [1, 2]}`, mutations.CodeBadArgs},
		{`{"id": "%s", "name": "update_profile", "args": {}}`, mutations.CodeBadArgs},
		{`{"id": "%s", "name": "register", "args": {"registration": "Not-A-PB-ID", "activity": "` + activity.Id + `", "adults": 1}}`, mutations.CodeBadRecordID},
		{`{"id": "` + id + `", "name": "update_profile", "args": {"municipality": "Cremona"}}`, mutations.CodeIDReused},
	}
	for _, lang := range catalog.Languages() {
		var items []string
		for _, b := range bad {
			raw := b.raw
			if strings.Contains(raw, "%s") {
				raw = fmt.Sprintf(raw, hubtest.MutationID())
			}
			items = append(items, raw)
		}
		reg := recordID()
		items = append(items, fmt.Sprintf(`{"id": "%s", "name": "register", "args": {"registration": "%s", "activity": "%s", "adults": 1, "children": 0}}`, hubtest.MutationID(), reg, activity.Id))
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
			Body: strings.NewReader(`{"mutations": [` + strings.Join(items, ",") + `]}`), Header: map[string]string{"Accept-Language": lang}})
		var r response
		res.JSON(t, &r)
		if res.Status != 200 || len(r.Results) != len(bad)+1 {
			t.Fatalf("%s: %d %s", lang, res.Status, res.Body)
		}
		for i, b := range bad {
			out := r.Results[i]
			want := catalog.T(lang, b.code, nil)
			if out.Status != "rejected" || out.Error.Code != b.code || out.Error.Message != want || want == b.code || want == "" {
				t.Errorf("%s %s: %+v, want %s %q", lang, b.raw, out.Error, b.code, want)
			}
		}
		if last := r.Results[len(bad)]; last.Status != "applied" {
			t.Errorf("%s: the good mutation after the bad ones: %+v", lang, last)
		}
		if _, err := app.FindRecordById("registrations", reg); err != nil {
			t.Errorf("%s: not registered", lang)
		}
		// the person's new registration: cancel so the next language can register again
		if _, err := app.DB().NewQuery("DELETE FROM registrations WHERE id = {:id}").Bind(map[string]any{"id": reg}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if me.GetString("municipality") != "Pizzighettone" {
		t.Errorf("municipality %q", me.GetString("municipality"))
	}

	// Whole-request refusals, nothing applied.
	var many []m
	for i := 0; i < 10000; i++ {
		many = append(many, m{hubtest.MutationID(), "update_profile", map[string]any{"municipality": fmt.Sprint("Comune ", i)}})
	}
	for _, c := range []struct {
		body   any
		status int
		code   string
	}{
		{map[string]any{"mutations": many}, http.StatusRequestEntityTooLarge, mutations.CodeBatchTooLarge},
		{map[string]any{"mutations": many[:mutations.MaxBatch+1]}, http.StatusRequestEntityTooLarge, mutations.CodeBatchTooLarge},
		{strings.NewReader(`{"mutations": {"id": 1}}`), http.StatusBadRequest, mutations.CodeBatchMalformed},
		{strings.NewReader(`[]`), http.StatusBadRequest, mutations.CodeBatchMalformed},
		{strings.NewReader(`{"mutations": [`), http.StatusBadRequest, mutations.CodeBatchMalformed},
		{strings.NewReader(`{}`), http.StatusBadRequest, mutations.CodeBatchMalformed},
	} {
		for _, lang := range catalog.Languages() {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token, Body: c.body,
				Header: map[string]string{"Accept-Language": lang}})
			var e struct {
				Message string
				Data    map[string]struct{ Code, Message string }
			}
			res.JSON(t, &e)
			if want := catalog.T(lang, c.code, nil); res.Status != c.status || e.Data["mutations"].Code != c.code || e.Message != want {
				t.Errorf("%s: %d %s, want %d %s", lang, res.Status, res.Body, c.status, c.code)
			}
			if r, ok := c.body.(*strings.Reader); ok {
				r.Seek(0, 0)
			}
		}
	}
	me, _ = app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if me.GetString("municipality") != "Pizzighettone" {
		t.Errorf("a refused batch changed the profile: %q", me.GetString("municipality"))
	}
	// Signed in only.
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Body: map[string]any{"mutations": []m{}}}); res.Status != http.StatusUnauthorized {
		t.Errorf("a guest: %d %s", res.Status, res.Body)
	}
}

// Without Accept-Language a rejection speaks the person's own language.
func TestRejectionsSpeakTheProfileLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	push(t, app, token, m{hubtest.MutationID(), "set_language", map[string]any{"language": "zh"}})
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail),
		Body: strings.NewReader(`{"mutations": [{"id": "` + hubtest.MutationID() + `", "name": "nope", "args": {}}]}`)})
	var r response
	res.JSON(t, &r)
	if got, want := r.Results[0].Error.Message, catalog.T("zh", mutations.CodeUnknown, nil); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

// The outcomes of a person go with their account.
func TestOutcomesGoWithTheAccount(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	u := hubtest.NewUser(t, app, "via@hug.test", "family")
	push(t, app, hubtest.Token(t, app, "users", u.Email()), m{hubtest.MutationID(), "update_profile", map[string]any{"municipality": "Casalmaggiore"}})
	if err := app.Delete(u); err != nil {
		t.Fatal(err)
	}
	var n int
	app.DB().NewQuery("SELECT COUNT(*) FROM hub_mutations WHERE user = {:u} OR outcome LIKE '%Casalmaggiore%'").Bind(map[string]any{"u": u.Id}).Row(&n)
	if n != 0 {
		t.Errorf("%d outcomes left", n)
	}
}

var _ = json.Marshal
var _ *tests.TestApp
