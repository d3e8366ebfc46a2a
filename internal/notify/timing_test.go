package notify_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/notify"
)

// At 22:30 in Rome a staff announcement to a group waits until 08:00 the
// next morning, except for a person who chose no quiet hours; an urgent
// one to everyone goes at once, to every account's phone and every guest
// that follows announcements (not to a guest following only new
// activities). Staff see the delivery counts; nobody else does.
func TestQuietHoursHoldAnnouncementsButNotUrgentOnes(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	night := rome(time.Now().Year()+1, time.January, 20, 22, 30)
	defer notify.SetNow(night)()
	group := newGroup(t, app)

	sleeper := hubtest.NewUser(t, app, "sleeper@hug.test", "family")
	member(t, app, sleeper.Id, group.Id)
	owl := hubtest.NewUser(t, app, "owl@hug.test", "family")
	member(t, app, owl.Id, group.Id)
	owl.Set("notify_prefs", `{"quiet": {"from": "00:00", "to": "00:00"}}`)
	if err := app.Save(owl); err != nil {
		t.Fatal(err)
	}
	sleeperPhone := subscribe(t, app, sleeper.Id, "ar", "")
	owlPhone := subscribe(t, app, owl.Id, "it", "")
	guest := subscribe(t, app, "", "pa", `{"kinds": ["announcement"]}`)
	notFollowing := subscribe(t, app, "", "it", `{"kinds": ["new_activity"]}`)

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	post := func(body map[string]any) string {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/announcements/records", Token: staff, Body: body})
		var r struct{ ID string }
		res.JSON(t, &r)
		if res.Status != http.StatusOK {
			t.Fatalf("post: %d %s", res.Status, res.Body)
		}
		return r.ID
	}
	calm := post(map[string]any{"group": group.Id, "title": map[string]string{"it": "Festa di primavera", "ar": "حفلة الربيع"},
		"body": map[string]string{"it": "Sabato in giardino"}})
	held := map[string]delivery{}
	for _, d := range all(t, app, "announcement") {
		if d.Announcement == calm {
			held[d.Sub] = d
		}
	}
	only(t, held, map[string]string{sleeperPhone: "member", owlPhone: "member without quiet hours"})
	morning := rome(night.Year(), night.Month(), night.Day()+1, 8, 0)
	if got := held[sleeperPhone].NotBefore; !got.Equal(morning) {
		t.Errorf("a message at 22:30 is held until %v, want %v", got.In(morning.Location()), morning)
	}
	if got := held[owlPhone].NotBefore; got.After(time.Now().Add(time.Minute)) {
		t.Errorf("a person without quiet hours waits until %v", got)
	}
	if p := held[sleeperPhone].Payload; p.Title != "حفلة الربيع" || p.Body != "Sabato in giardino" || held[sleeperPhone].Announcement != calm {
		t.Errorf("the announcement in Arabic (the body falls back to Italian): %+v", held[sleeperPhone])
	}

	urgent := post(map[string]any{"title": map[string]string{"it": "Centro chiuso domani"}, "body": map[string]string{"it": "Per neve"}, "urgent": true})
	var now []string
	for _, d := range all(t, app, "announcement") {
		if d.Announcement == urgent {
			now = append(now, d.Sub)
			if d.NotBefore.After(time.Now().Add(time.Minute)) || d.Urgency != "high" {
				t.Errorf("an urgent announcement waits: %+v", d)
			}
		}
	}
	if !contains(now, sleeperPhone) || !contains(now, owlPhone) || !contains(now, guest) || contains(now, notFollowing) {
		t.Errorf("the urgent announcement went to %v", now)
	}

	var counts map[string]any
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/staff/announcements/" + urgent + "/delivery", Token: staff})
	res.JSON(t, &counts)
	if res.Status != http.StatusOK || counts["queued"].(float64)+counts["sent"].(float64)+counts["failed"].(float64)+counts["expired"].(float64) != float64(len(now)) {
		t.Errorf("staff's delivery counts: %d %s", res.Status, res.Body)
	}
	for token, status := range map[string]int{hubtest.Token(t, app, "users", "sleeper@hug.test"): 403, "": 401} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/staff/announcements/" + urgent + "/delivery", Token: token})
		if res.Status != status {
			t.Errorf("delivery counts for a non-staff caller: %d, want %d", res.Status, status)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// A proposed appointment is sensitive: the family's lock screen says only
// "New message from Hug" in its language, the inbox keeps the date; after
// the family opts into previews the next proposal shows it. Another
// family's request tells this one nothing.
func TestAnAppointmentIsNeutralOnTheLockScreenUnlessPreviews(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := userOf(t, app, hubtest.OtherFamilyEmail)
	familyPhone := subscribe(t, app, family, "zh", "")
	subscribe(t, app, userOf(t, app, hubtest.FamilyEmail), "zh", "")
	request, err := app.FindFirstRecordByData("appointment_requests", "user", family)
	if err != nil {
		t.Fatal(err)
	}
	place, err := app.FindFirstRecordByFilter("places", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	propose := func(at time.Time) {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/appointment_requests/records/" + request.Id, Token: staff,
			Body: map[string]any{"status": "proposed", "proposed_at": at.UTC().Format("2006-01-02 15:04:05.000Z"), "proposed_place": place.Id}})
		if res.Status != http.StatusOK {
			t.Fatalf("propose: %d %s", res.Status, res.Body)
		}
	}
	first := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	propose(first)
	got := queued(t, app, "appointment")
	only(t, got, map[string]string{familyPhone: "the family"})
	if p := got[familyPhone].Payload; !p.Neutral || p.Body != "来自 Hug 的新消息" || strings.Contains(got[familyPhone].Raw, first.In(time.UTC).Format("15:04")) {
		t.Errorf("the lock screen shows %+v", p)
	}
	rows := inbox(t, app, family, "appointment")
	if len(rows) != 1 || !rows[0].GetBool("sensitive") || !strings.Contains(rows[0].GetString("body"), "notify_appointment_body") {
		t.Fatalf("inbox: %v", rows)
	}

	out := hubtest.Mutate(t, app, hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail), "zh", "set_notify_prefs", map[string]any{"previews": true})
	if out.Status != "applied" {
		t.Fatalf("set_notify_prefs: %+v", out.Error)
	}
	second := first.Add(24 * time.Hour)
	propose(second)
	var shown *notify.Payload
	for _, d := range all(t, app, "appointment") {
		if !d.Payload.Neutral {
			p := d.Payload
			shown = &p
		}
	}
	if shown == nil || shown.Title != "预约时间建议" || !strings.Contains(shown.Body, notify.When(catalog, "zh", second)) {
		t.Errorf("with previews the lock screen shows %+v", shown)
	}
}

// Reminders go 24 h and 2 h before a date, each once: the cron run twice,
// then again by a restarted hub on the same data, sends nothing more. A
// person who turned reminders off gets none by push, but the inbox has
// them.
func TestRemindersAreSentOnceEvenAcrossARestart(t *testing.T) {
	first := hubtest.NewApp(t)
	defer first.Cleanup()
	app := first
	a := hubtest.NewUser(t, app, "remind@hug.test", "family")
	b := hubtest.NewUser(t, app, "noremind@hug.test", "family")
	b.Set("notify_prefs", `{"kinds": {"reminder": false}}`)
	if err := app.Save(b); err != nil {
		t.Fatal(err)
	}
	aPhone := subscribe(t, app, a.Id, "ar", "")
	subscribe(t, app, b.Id, "it", "")
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	act := activity(t, app, map[string]any{"starts_at": start, "ends_at": start.Add(time.Hour), "registration_required": true,
		"title": map[string]string{"it": "Aperitivo pedagogico", "ar": "لقاء تربوي"}})
	for _, u := range []string{"remind@hug.test", "noremind@hug.test"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
			Token: hubtest.Token(t, app, "users", u), Body: map[string]any{"activity": act.Id, "user": userOf(t, app, u), "adults": 1}})
		if res.Status != http.StatusOK {
			t.Fatalf("register: %d %s", res.Status, res.Body)
		}
	}

	run := func(at time.Time) int {
		t.Helper()
		defer notify.SetNow(at)()
		n, err := notify.SendReminders(app)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := run(start.Add(-30 * time.Hour)); n != 0 {
		t.Errorf("%d reminders 30 hours before", n)
	}
	if n := run(start.Add(-23 * time.Hour)); n != 2 {
		t.Errorf("%d reminders 23 hours before, want one per family", n)
	}
	if n := run(start.Add(-22 * time.Hour)); n != 0 {
		t.Errorf("the cron ran again and sent %d more", n)
	}
	reminders := queued(t, app, "reminder")
	only(t, reminders, map[string]string{aPhone: "the family that wants reminders"})
	if p := reminders[aPhone].Payload; p.Title != "تذكير: لقاء تربوي" || !strings.HasPrefix(p.Body, "بعد 24 ساعة") {
		t.Errorf("the 24 h reminder in Arabic: %+v", p)
	}

	restarted := hubtest.Restart(t, app)
	defer restarted.Cleanup()
	app = restarted
	if n := run(start.Add(-23*time.Hour + 10*time.Minute)); n != 0 {
		t.Errorf("after a restart the cron sent %d again", n)
	}
	if n := run(start.Add(-90 * time.Minute)); n != 2 {
		t.Errorf("%d reminders 90 minutes before", n)
	}
	if n := run(start.Add(-80 * time.Minute)); n != 0 {
		t.Errorf("%d more", n)
	}
	var twoHours []string
	for _, d := range all(t, app, "reminder") {
		if strings.HasPrefix(d.Payload.Body, "بعد ساعتين") {
			twoHours = append(twoHours, d.Sub)
		}
	}
	if len(twoHours) != 1 || twoHours[0] != aPhone {
		t.Errorf("the 2 h reminder (Arabic dual) went to %v", twoHours)
	}
	if got := len(inbox(t, app, b.Id, "reminder")); got != 2 {
		t.Errorf("the inbox of the family without reminder pushes has %d reminders, want 2", got)
	}
}
