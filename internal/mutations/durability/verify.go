package durability

import (
	"encoding/json"
	"fmt"
	mrand "math/rand"
	"net/http"
	"reflect"
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
	joinPolicy map[string]string
	profiles   map[string]map[string]any
}

// prepare makes the run's people (one per phone), activities with few
// seats, and finds the demo groups, as the superuser.
func prepare(base string, phones int, seed int64) (*world, error) {
	admin := &Client{Base: base, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var auth struct{ Token string }
	if status, err := admin.Do(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]any{"identity": "admin@hug.test", "password": "admin-demo-2026"}, &auth); err != nil || status != 200 {
		return nil, fmt.Errorf("superuser sign-in: %d %v", status, err)
	}
	admin.Token = auth.Token
	w := &world{capacity: map[string]int{}, joinPolicy: map[string]string{}, profiles: map[string]map[string]any{}}
	start := time.Now().UTC().AddDate(0, 0, 30)
	for i, capacity := range []int{3, 4, 5, 6, 8} {
		var a struct{ ID string }
		status, err := admin.Do(http.MethodPost, "/api/collections/activities/records", map[string]any{
			"title": map[string]string{"it": fmt.Sprintf("Prova di durata %d", i)}, "kind": "play", "status": "approved",
			"registration_required": true, "capacity": capacity,
			"starts_at": start.Format("2006-01-02 15:04:05.000Z"), "ends_at": start.Add(time.Hour).Format("2006-01-02 15:04:05.000Z")}, &a)
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
			w.joinPolicy[g.ID] = g.JoinPolicy
		}
	}
	for i := 0; i < phones; i++ {
		email := fmt.Sprintf("telefono%d@durata.test", i)
		var u struct{ ID string }
		status, err := admin.Do(http.MethodPost, "/api/collections/users/records", map[string]any{
			"email": email, "password": "password-durata", "passwordConfirm": "password-durata", "role": "family",
			"name": fmt.Sprintf("Telefono %d", i), "languages": []string{"it"}, "privacy_accepted": true}, &u)
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

	// the serial model, in commit order
	profiles := map[string]map[string]any{}
	for u, pr := range w.profiles {
		profiles[u] = map[string]any{"municipality": pr["municipality"], "languages": pr["languages"]}
	}
	m := newModel(w.capacity, w.joinPolicy, profiles)
	for _, r := range rows {
		mut, ok := byID[r.Mutation]
		if !ok {
			continue
		}
		args := map[string]any{}
		raw, _ := json.Marshal(mut.Args)
		_ = json.Unmarshal(raw, &args)
		want := m.apply(r.User, mut.Name, args)
		var got Outcome
		_ = json.Unmarshal([]byte(r.Outcome), &got)
		gotCode, gotDecided := "", ""
		if got.Error != nil {
			gotCode = got.Error.Code
		}
		if got.Decided != nil {
			gotDecided, _ = got.Decided["status"].(string)
		}
		if got.Status != want.Status || gotCode != want.Code || gotDecided != want.Decided {
			problem(&rep.Mismatches, "%s %s: stored %s %s %s, model %s %s %s", mut.Name, r.Mutation, got.Status, gotCode, gotDecided, want.Status, want.Code, want.Decided)
		}
		if got.Status == "applied" {
			rep.Applied++
		} else {
			rep.Rejected++
		}
		if rcv, ok := owner[r.Mutation].received[r.Mutation]; ok && rcv.Status != got.Status {
			problem(&rep.Mismatches, "%s: the phone was told %s, the hub stored %s", r.Mutation, rcv.Status, got.Status)
		}
	}

	// the final state
	regs, err := app.FindRecordsByFilter("registrations", "user != ''", "", 0, 0)
	if err != nil {
		return err
	}
	dbRegs := map[string]modelReg{}
	for _, r := range regs {
		if _, ours := w.capacity[r.GetString("activity")]; ours {
			dbRegs[r.Id] = modelReg{Activity: r.GetString("activity"), User: r.GetString("user"), Adults: r.GetInt("adults"), Children: r.GetInt("children"), Status: r.GetString("status")}
		}
	}
	for id, want := range m.regs {
		want.order = 0
		if got, ok := dbRegs[id]; !ok || got != *want {
			problem(&rep.Mismatches, "registration %s: database %+v, model %+v", id, got, *want)
		}
		delete(dbRegs, id)
	}
	for id, got := range dbRegs {
		problem(&rep.AppliedTwice, "registration %s in the database, not in the model: %+v", id, got)
	}
	for _, a := range w.activities {
		rec, err := app.FindRecordById("activities", a)
		if err != nil {
			return err
		}
		if got, want := rec.GetInt("seats_taken"), m.going(a, ""); got != want {
			problem(&rep.Mismatches, "activity %s: %d seats taken, model %d", a, got, want)
		}
	}
	for _, p := range w.phones {
		ms, err := app.FindRecordsByFilter("memberships", "user = {:u}", "", 0, 0, dbx.Params{"u": p.user})
		if err != nil {
			return err
		}
		got := map[string]modelMembership{}
		for _, r := range ms {
			got[r.Id] = modelMembership{r.GetString("group"), r.GetString("user"), r.GetString("status")}
		}
		want := map[string]modelMembership{}
		for id, mm := range m.memberships {
			if mm.User == p.user {
				want[id] = *mm
			}
		}
		if !reflect.DeepEqual(got, want) {
			problem(&rep.Mismatches, "memberships of %s: database %v, model %v", p.email, got, want)
		}
		u, err := app.FindRecordById("users", p.user)
		if err != nil {
			return err
		}
		wantProfile := m.profiles[p.user]
		if u.GetString("municipality") != wantProfile["municipality"] || !reflect.DeepEqual(u.GetStringSlice("languages"), wantProfile["languages"]) {
			problem(&rep.Mismatches, "profile of %s: database %s %v, model %v", p.email, u.GetString("municipality"), u.GetStringSlice("languages"), wantProfile)
		}
	}
	return nil
}
