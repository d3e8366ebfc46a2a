package notify_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/notify"
)

// A proposal approved by staff: the members of its group and the guests
// following it hear of the new activity, each phone in its own language
// (ar, pa, zh, it; a language the title lacks falls back to Italian); the
// proposer hears of the decision; a non-member, a guest following nothing
// of it and a member who turned the group off get no push. Everyone told
// who has an account keeps it in their inbox.
func TestANewActivityReachesItsGroupAndTheDecisionItsProposer(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := newGroup(t, app)

	fan := hubtest.NewUser(t, app, "fan@hug.test", "family")
	member(t, app, fan.Id, group.Id)
	quiet := hubtest.NewUser(t, app, "muted@hug.test", "family")
	member(t, app, quiet.Id, group.Id)
	quiet.Set("notify_prefs", `{"groups": {"`+group.Id+`": false}}`)
	if err := app.Save(quiet); err != nil {
		t.Fatal(err)
	}
	outsider := hubtest.NewUser(t, app, "outsider@hug.test", "family")
	proposer := hubtest.NewUser(t, app, "proposer@hug.test", "family")

	want := map[string]string{
		subscribe(t, app, fan.Id, "ar", ""):                         "member ar",
		subscribe(t, app, fan.Id, "pa", ""):                         "member pa",
		subscribe(t, app, fan.Id, "zh", ""):                         "member zh",
		subscribe(t, app, fan.Id, "it", ""):                         "member it",
		subscribe(t, app, "", "zh", `{"groups": ["`+group.Id+`"]}`): "guest following the group",
	}
	subscribe(t, app, quiet.Id, "it", "")
	subscribe(t, app, outsider.Id, "it", "")
	subscribe(t, app, "", "it", `{"groups": []}`)
	subscribe(t, app, "", "ar", `{"groups": ["`+group.Id+`"], "kinds": ["announcement"]}`)
	proposerPhone := subscribe(t, app, proposer.Id, "ar", "")

	start := rome(time.Now().Year()+1, time.March, 14, 17, 30)
	a := activity(t, app, map[string]any{"status": "pending", "proposer": proposer.Id, "group": group.Id,
		"title":     map[string]string{"it": "Laboratorio di lettura", "ar": "ورشة القراءة", "zh": "阅读工作坊"},
		"starts_at": start, "ends_at": start.Add(time.Hour)})

	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + a.Id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"status": "approved"}})
	if res.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}

	news := queued(t, app, "new_activity")
	only(t, news, want)
	for sub, d := range news {
		lang := map[string]string{"member ar": "ar", "member pa": "pa", "member zh": "zh", "member it": "it", "guest following the group": "zh"}[want[sub]]
		title := map[string]string{"ar": "ورشة القراءة", "zh": "阅读工作坊", "pa": "Laboratorio di lettura", "it": "Laboratorio di lettura"}[lang]
		if d.Payload.Title != msg(lang, "notify_new_activity_title", nil) {
			t.Errorf("%s: title %q", want[sub], d.Payload.Title)
		}
		if !strings.Contains(d.Payload.Body, title) || !strings.Contains(d.Payload.Body, "17:30") ||
			!strings.Contains(d.Payload.Body, msg(lang, "date_month_3", nil)) {
			t.Errorf("%s: body %q lacks the title %q, the time or March in %s", want[sub], d.Payload.Body, title, lang)
		}
		if d.Payload.URL != "/activity/"+a.Id || d.Payload.Neutral || d.Payload.ID == "" {
			t.Errorf("%s: payload %+v", want[sub], d.Payload)
		}
	}
	if got := news[firstOf(want, "member ar")].Payload.Title; got != "نشاط جديد في مجموعتك" {
		t.Errorf("Arabic title %q", got)
	}

	decisions := queued(t, app, "decision")
	only(t, decisions, map[string]string{proposerPhone: "proposer"})
	if d := decisions[proposerPhone].Payload; d.Title != "تمت الموافقة على اقتراحك" || !strings.Contains(d.Body, "ورشة القراءة") {
		t.Errorf("decision in Arabic: %+v", d)
	}

	for who, n := range map[string]int{fan.Id: 1, quiet.Id: 1, outsider.Id: 0, proposer.Id: 0} {
		if got := len(inbox(t, app, who, "new_activity")); got != n {
			t.Errorf("inbox of %s: %d new activity rows, want %d", who, got, n)
		}
	}
	if got := len(inbox(t, app, proposer.Id, "decision")); got != 1 {
		t.Errorf("the proposer's inbox has %d decisions", got)
	}
}

func firstOf(m map[string]string, name string) string {
	for k, v := range m {
		if v == name {
			return k
		}
	}
	return ""
}

// Seats freed on a full date are offered to the first family waiting: it
// is told, in its language, with the time by which to confirm; the family
// that cancelled is not.
func TestAnOfferTellsThatFamilyWithTheTimeToConfirm(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	first := hubtest.NewUser(t, app, "first@hug.test", "family")
	waiting := hubtest.NewUser(t, app, "waiting@hug.test", "family")
	firstPhone := subscribe(t, app, first.Id, "it", "")
	waitingPhone := subscribe(t, app, waiting.Id, "uk", "")

	start := time.Now().Add(5 * 24 * time.Hour).Truncate(time.Hour)
	a := activity(t, app, map[string]any{"capacity": 1, "registration_required": true, "starts_at": start, "ends_at": start.Add(time.Hour),
		"title": map[string]string{"it": "Merenda insieme", "uk": "Спільний полудень"}})
	register := func(who string) string {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
			Token: hubtest.Token(t, app, "users", who), Body: map[string]any{"activity": a.Id, "user": userOf(t, app, who), "adults": 1}})
		var r struct{ ID, Status string }
		res.JSON(t, &r)
		if res.Status != http.StatusOK {
			t.Fatalf("register %s: %d %s", who, res.Status, res.Body)
		}
		return r.ID
	}
	mine := register("first@hug.test")
	theirs := register("waiting@hug.test")
	if len(queued(t, app, "offer")) != 0 {
		t.Fatal("an offer before any seat was freed")
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + mine,
		Token: hubtest.Token(t, app, "users", "first@hug.test"), Body: map[string]any{"status": "cancelled"}})
	if res.Status != http.StatusOK {
		t.Fatalf("cancel: %d %s", res.Status, res.Body)
	}
	offered, _ := app.FindRecordById("registrations", theirs)
	if offered.GetString("status") != "offered" {
		t.Fatalf("the waiting family is %s, not offered", offered.GetString("status"))
	}
	offers := queued(t, app, "offer")
	only(t, offers, map[string]string{waitingPhone: "the family offered the seats"})
	_ = firstPhone
	p := offers[waitingPhone].Payload
	until := notify.When(catalog, "uk", offered.GetDateTime("offer_until").Time())
	if p.Title != "Для вас звільнилося місце" || !strings.Contains(p.Body, "Спільний полудень") || !strings.Contains(p.Body, until) {
		t.Errorf("offer in Ukrainian: %+v (want the deadline %q)", p, until)
	}
	if len(inbox(t, app, waiting.Id, "offer")) != 1 || len(inbox(t, app, first.Id, "offer")) != 0 {
		t.Error("the offer is kept in the inbox of the family offered only")
	}
}
