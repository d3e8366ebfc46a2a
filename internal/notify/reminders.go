package notify

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/vocab"
)

// The reminders of a date a family registered for (going): one a day
// before and one two hours before. Each is a notice keyed by the
// registration, the lead and the date's start, so a run repeated, a run
// after a restart or a run late after the hub was down sends each at most
// once; a date moved gets its reminders again for the new time.
var reminderLeads = []time.Duration{24 * time.Hour, 2 * time.Hour}

// ReminderSchedule is how often the cron looks (hubNotifyReminders).
const ReminderSchedule = "*/5 * * * *"

// SendReminders sends the reminders due at now(): for each registration
// going to an approved date that starts within the longest lead, the
// reminder of the shortest lead that has begun. A 24 h reminder goes only
// to a family that registered before that day began (one that registered
// an hour before the start needs no "tomorrow"). Returns how many notices
// it made (those sent before count 0).
func SendReminders(app core.App) (int, error) {
	t := now().UTC()
	var rows []struct {
		Registration string         `db:"reg"`
		User         string         `db:"user"`
		Activity     string         `db:"activity"`
		Registered   types.DateTime `db:"registered"`
		StartsAt     types.DateTime `db:"starts_at"`
		Title        string         `db:"title"`
	}
	err := app.DB().NewQuery("SELECT r.id AS reg, r.user AS user, a.id AS activity, r.created AS registered, a.starts_at AS starts_at, a.title AS title" +
		" FROM registrations r JOIN activities a ON a.id = r.activity" +
		" WHERE r.status = 'going' AND a.status = 'approved' AND a.starts_at > {:now} AND a.starts_at <= {:until}" +
		" ORDER BY a.starts_at, r.id").
		Bind(dbx.Params{"now": fmtDate(t), "until": fmtDate(t.Add(reminderLeads[0]))}).All(&rows)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range rows {
		start := r.StartsAt.Time()
		lead := time.Duration(0)
		for _, l := range reminderLeads {
			if !t.Before(start.Add(-l)) {
				lead = l // the shortest lead begun wins
			}
		}
		if lead == 0 {
			continue
		}
		if lead == reminderLeads[0] && r.Registered.Time().After(start.Add(-lead)) {
			continue
		}
		hours := int(lead / time.Hour)
		n := Notice{
			Key:   "reminder:" + r.Registration + ":" + strconv.Itoa(hours) + "h:" + fmtDate(start),
			Kind:  vocab.NotifyReminder,
			Users: []string{r.User},
			Title: Text{ID: "notify_reminder_title", Params: map[string]any{"Title": rawText(r.Title)}},
			Body: Text{ID: "notify_reminder_body", Params: map[string]any{
				"Title": rawText(r.Title), "When": map[string]any{"at": fmtDate(start)}, "Count": hours,
			}},
			URL: "/activity/" + r.Activity,
			TTL: start.Sub(t),
		}
		before, err := alreadySent(app, n.ID())
		if err != nil {
			return sent, err
		}
		if before {
			continue
		}
		if err := Send(app, n); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

func alreadySent(app core.App, id string) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT count(*) FROM hub_notices WHERE id = {:id}").Bind(dbx.Params{"id": id}).Row(&n)
	return n > 0, err
}

// rawText is a multilingual field's stored JSON as a parameter value.
func rawText(raw string) map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal([]byte(raw), &out)
	return out
}

func fmtDate(t time.Time) string {
	d, _ := types.ParseDateTime(t)
	return d.String()
}
