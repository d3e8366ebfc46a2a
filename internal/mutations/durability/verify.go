package durability

import (
	"encoding/json"
	"fmt"
	mrand "math/rand"
	"net/http"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func sortStrings(s []string) { sort.Strings(s) }

// world is what the run made before the phones start.
type world struct {
	phones     []*phone
	activities []string
	capacity   map[string]int
	groups     []string
	groupSlug  map[string]string // group id -> slug (the demo seed's ids differ per hub)
	joinPolicy map[string]string
	profiles   map[string]map[string]any
}

// prepare makes the run's people (one per phone), activities with few
// seats, and finds the demo groups, as the superuser.
// like, if not nil, is the world of another hub: the same people and
// activities are made with the same ids.
func prepare(base string, phones int, seed int64, like *world) (*world, error) {
	admin := &Client{Base: base, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var auth struct{ Token string }
	if status, err := admin.Do(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]any{"identity": "admin@hug.test", "password": "admin-demo-2026"}, &auth); err != nil || status != 200 {
		return nil, fmt.Errorf("superuser sign-in: %d %v", status, err)
	}
	admin.Token = auth.Token
	w := &world{capacity: map[string]int{}, groupSlug: map[string]string{}, joinPolicy: map[string]string{}, profiles: map[string]map[string]any{}}
	start := time.Now().UTC().AddDate(0, 0, 30)
	for i, capacity := range []int{3, 4, 5, 6, 8} {
		var a struct{ ID string }
		body := map[string]any{
			"title": map[string]string{"it": fmt.Sprintf("Prova di durata %d", i)}, "kind": "play", "status": "approved",
			"registration_required": true, "capacity": capacity,
			"starts_at": start.Format("2006-01-02 15:04:05.000Z"), "ends_at": start.Add(time.Hour).Format("2006-01-02 15:04:05.000Z")}
		if like != nil {
			body["id"] = like.activities[i]
		}
		status, err := admin.Do(http.MethodPost, "/api/collections/activities/records", body, &a)
		if err != nil || status != 200 {
			return nil, fmt.Errorf("activity: %d %v", status, err)
		}
		w.activities = append(w.activities, a.ID)
		w.capacity[a.ID] = capacity
	}
	var groups struct {
		Items []struct {
			ID, Slug   string
			JoinPolicy string `json:"join_policy"`
			Public     bool
		}
	}
	if status, err := admin.Do(http.MethodGet, "/api/collections/groups/records?perPage=100", nil, &groups); err != nil || status != 200 {
		return nil, fmt.Errorf("groups: %d %v", status, err)
	}
	for _, g := range groups.Items {
		if g.Public {
			w.groups = append(w.groups, g.ID)
			w.groupSlug[g.ID] = g.Slug
			w.joinPolicy[g.ID] = g.JoinPolicy
		}
	}
	for i := 0; i < phones; i++ {
		email := fmt.Sprintf("telefono%d@durata.test", i)
		var u struct{ ID string }
		body := map[string]any{
			"email": email, "password": "password-durata", "passwordConfirm": "password-durata", "role": "family",
			"name": fmt.Sprintf("Telefono %d", i), "languages": []string{"it"}, "privacy_accepted": true}
		if like != nil {
			body["id"] = like.phones[i].user
		}
		status, err := admin.Do(http.MethodPost, "/api/collections/users/records", body, &u)
		if err != nil || status != 200 {
			return nil, fmt.Errorf("user %s: %d %v", email, status, err)
		}
		client, id, err := SignIn(base, email, "password-durata")
		if err != nil {
			return nil, err
		}
		w.phones = append(w.phones, &phone{user: id, email: email, client: client, rng: mrand.New(mrand.NewSource(seed + int64(i))),
			regs: map[string]string{}, memberships: map[string]string{}, received: map[string]Outcome{}})
		w.profiles[id] = map[string]any{"municipality": "", "languages": []string{"it"}}
	}
	return w, nil
}

type storedRow struct {
	Seq      int64  `db:"seq"`
	User     string `db:"user"`
	Mutation string `db:"mutation"`
	Name     string `db:"name"`
	Status   string `db:"status"`
	Outcome  string `db:"outcome"`
}

// verify reads the database a crash left and compares it with what the
// phones made and with the serial model.
func verify(dataDir string, w *world, rep *Report) error {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := app.Bootstrap(); err != nil {
		return err
	}
	defer app.ResetBootstrapState()
	problem := func(counter *int, format string, a ...any) {
		*counter++
		if len(rep.Problems) < 30 {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, a...))
		}
	}

	users := []any{}
	byID := map[string]Mutation{}
	owner := map[string]*phone{}
	for _, p := range w.phones {
		users = append(users, p.user)
		for _, m := range p.made {
			byID[m.ID] = m
			owner[m.ID] = p
		}
	}
	var rows []storedRow
	if err := app.DB().Select("seq", "user", "mutation", "name", "status", "outcome").From("hub_mutations").
		Where(dbx.In("user", users...)).OrderBy("seq").All(&rows); err != nil {
		return err
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.Mutation]++
		if seen[r.Mutation] > 1 {
			problem(&rep.AppliedTwice, "%s stored twice", r.Mutation)
		}
		if _, ok := byID[r.Mutation]; !ok {
			problem(&rep.AppliedTwice, "%s stored but never made", r.Mutation)
		}
	}
	for id := range byID {
		if seen[id] == 0 {
			problem(&rep.Lost, "%s (%s) made but not stored", id, byID[id].Name)
		}
	}
	// each phone's mutations committed in the order the person made them
	for _, p := range w.phones {
		i := 0
		for _, r := range rows {
			if r.User != p.user {
				continue
			}
			if i >= len(p.made) || p.made[i].ID != r.Mutation {
				problem(&rep.Mismatches, "phone %s: mutation %d committed out of order", p.email, i)
				break
			}
			i++
		}
	}

	// The serial model: a fresh hub, with the same people and activities,
	// fed the same mutations one at a time in commit order, over a
	// network without faults and without kills. Its rules are the hub's
	// own (proved against the records API by the mutations package's
	// tests); what is compared here is that faults, kills and replays
	// changed nothing: every outcome and the final state are the same.
	serial, err := replaySerially(w, rows, byID)
	if err != nil {
		return err
	}
	for _, r := range rows {
		var got Outcome
		_ = json.Unmarshal([]byte(r.Outcome), &got)
		want, ok := serial.outcomes[r.Mutation]
		if !ok {
			continue
		}
		if key(got) != key(want) {
			problem(&rep.Mismatches, "%s %s: stored %s, serial %s", byID[r.Mutation].Name, r.Mutation, key(got), key(want))
		}
		if got.Status == "applied" {
			rep.Applied++
		} else {
			rep.Rejected++
		}
		if rcv, ok := owner[r.Mutation].received[r.Mutation]; ok && key(rcv) != key(got) {
			problem(&rep.Mismatches, "%s: the phone was told %s, the hub stored %s", r.Mutation, key(rcv), key(got))
		}
	}
	got, err := stateOf(app, w)
	if err != nil {
		return err
	}
	for k, v := range serial.state {
		if got[k] != v {
			problem(&rep.Mismatches, "%s: %q, serial %q", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := serial.state[k]; !ok {
			problem(&rep.AppliedTwice, "%s: %q, not in the serial run", k, v)
		}
	}
	return nil
}

// key is what a phone notices of an outcome.
func key(o Outcome) string {
	k := o.Status
	if o.Error != nil {
		k += " " + o.Error.Code
	}
	if s, _ := o.Decided["status"].(string); s != "" {
		k += " decided " + s
	}
	return k
}

// stateOf is what the people of the run would notice in a database: their
// registrations for the run's activities, the seats taken, their
// memberships (by group slug) and profiles.
func stateOf(app core.App, w *world) (map[string]string, error) {
	state := map[string]string{}
	users := []any{}
	for _, p := range w.phones {
		users = append(users, p.user)
	}
	for _, a := range w.activities {
		rec, err := app.FindRecordById("activities", a)
		if err != nil {
			return nil, err
		}
		state["activity "+a+" seats_taken"] = fmt.Sprint(rec.GetInt("seats_taken"))
		regs, err := app.FindRecordsByFilter("registrations", "activity = {:a}", "", 0, 0, dbx.Params{"a": a})
		if err != nil {
			return nil, err
		}
		for _, r := range regs {
			state["registration "+r.Id] = fmt.Sprintf("%s %s %d+%d %s waiting %d", r.GetString("activity"), r.GetString("user"),
				r.GetInt("adults"), r.GetInt("children"), r.GetString("status"), r.GetInt("waiting"))
		}
	}
	ms, err := app.FindAllRecords("memberships", dbx.In("user", users...))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		g, err := app.FindRecordById("groups", m.GetString("group"))
		if err != nil {
			return nil, err
		}
		state["membership "+m.Id] = m.GetString("user") + " " + g.GetString("slug") + " " + m.GetString("status")
	}
	for _, p := range w.phones {
		u, err := app.FindRecordById("users", p.user)
		if err != nil {
			return nil, err
		}
		state["profile "+p.user] = fmt.Sprint(u.GetString("municipality"), " ", u.GetStringSlice("languages"))
	}
	return state, nil
}
