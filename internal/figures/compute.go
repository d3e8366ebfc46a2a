package figures

import (
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// The measures, in the order the page and the file show them.
const (
	Families      = "families"          // distinct families reached
	Activities    = "activities"        // activities held
	Registrations = "registrations"     // registrations going
	Registered    = "registered_people" // people in them (adults and children)
	Attended      = "attended_people"   // people marked present at the door
	Appointments  = "appointments"      // appointment requests made
)

// Measures lists every measure in order.
var Measures = []string{Families, Activities, Registrations, Registered, Attended, Appointments}

// The breakdowns. Activities carry no service line (the centre's three
// lines are text on the centre record, and no activity or request names
// one), so figures by service line cannot be derived; the activity's kind
// is given instead (ServiceLineNote).
const (
	ByMonth        = "month"
	ByGroup        = "group"
	ByPlace        = "place"
	ByKind         = "kind"
	ByMunicipality = "municipality"
	ByAgeBand      = "age_band"
)

// ServiceLineNote is the message id that says why there is no breakdown
// by service line.
const ServiceLineNote = "figures_no_service_line"

// Report is a period's figures with small counts already suppressed
// (suppress.go): nothing in it names or singles out a family.
type Report struct {
	From       string          `json:"from"` // YYYY-MM-DD
	To         string          `json:"to"`
	Totals     map[string]Cell `json:"totals"`
	Breakdowns []Breakdown     `json:"breakdowns"`
	Notes      []string        `json:"notes"`
}

// Breakdown is one dimension's rows, each with the measures it has.
type Breakdown struct {
	Dimension string   `json:"dimension"`
	Label     string   `json:"label"`
	Measures  []string `json:"measures"`
	Rows      []Row    `json:"rows"`
}

// Row is one category of a breakdown (a month, a group...). Key "" is
// "none" (no group, no place, municipality not given, no age band).
type Row struct {
	Key   string          `json:"key"`
	Label string          `json:"label"`
	Cells map[string]Cell `json:"cells"`
}

// counts is one breakdown before suppression: category -> measure -> n.
type counts map[string]map[string]int

func (c counts) add(key, measure string, n int) {
	if c[key] == nil {
		c[key] = map[string]int{}
	}
	c[key][measure] += n
}

type heldActivity struct {
	ID    string `db:"id"`
	Start string `db:"starts_at"`
	Group string `db:"group"`
	Place string `db:"place"`
	Kind  string `db:"kind"`
	month string
}

// dbTime is how PocketBase stores a date, for comparisons in SQL.
func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// monthOf is the month (YYYY-MM) of a stored date in the centre's zone.
func monthOf(stored string) string {
	t, err := time.Parse("2006-01-02 15:04:05.000Z", stored)
	if err != nil {
		return ""
	}
	return t.In(vocab.TimeZone).Format("2006-01")
}

// Compute is the one function that counts a period's figures, for the page
// and for the file alike:
//
//   - families reached: distinct users with the family role who, in the
//     period, were going to an activity held, made an appointment request,
//     or had an active membership of a group (joined before the period
//     ended: the hub keeps no history of memberships, so one that ended is
//     not counted);
//   - activities held: approved (so not cancelled) and starting in the
//     period;
//   - registrations and the people in them: registrations still going to
//     those activities;
//   - attendance: people marked present at them (internal/attendance);
//   - appointment requests made in the period (whatever became of them;
//     those the retention period deleted are in appointment_counts: fold.go).
//
// By month, group, place, kind (service line: see ServiceLineNote),
// municipality of residence and children's age band (a family with
// children in two bands counts in both, so that column does not add up to
// the total). Then every count is suppressed as suppress.go says.
func Compute(app core.App, p Period) (*Report, error) {
	from, end := dbTime(p.From), dbTime(p.End())
	params := dbx.Params{"from": from, "end": end}

	var held []heldActivity
	err := app.DB().NewQuery("SELECT id, starts_at, `group`, place, kind FROM activities" +
		" WHERE status = 'approved' AND starts_at >= {:from} AND starts_at < {:end}").Bind(params).All(&held)
	if err != nil {
		return nil, err
	}
	byID := map[string]*heldActivity{}
	for i := range held {
		held[i].month = monthOf(held[i].Start)
		byID[held[i].ID] = &held[i]
	}

	var regs []struct {
		User     string `db:"user"`
		Activity string `db:"activity"`
		People   int    `db:"people"`
	}
	err = app.DB().NewQuery("SELECT r.user, r.activity, r.adults + r.children AS people FROM registrations r" +
		" JOIN activities a ON a.id = r.activity" +
		" WHERE r.status = 'going' AND a.status = 'approved' AND a.starts_at >= {:from} AND a.starts_at < {:end}").Bind(params).All(&regs)
	if err != nil {
		return nil, err
	}
	var came []struct {
		Activity string `db:"activity"`
		People   int    `db:"people"`
	}
	err = app.DB().NewQuery("SELECT t.activity, t.adults + t.children AS people FROM attendance t" +
		" JOIN activities a ON a.id = t.activity" +
		" WHERE t.present = 1 AND a.status = 'approved' AND a.starts_at >= {:from} AND a.starts_at < {:end}").Bind(params).All(&came)
	if err != nil {
		return nil, err
	}
	var requests []struct {
		User    string `db:"user"`
		Created string `db:"created"`
		Place   string `db:"preferred_place"`
	}
	err = app.DB().NewQuery("SELECT user, created, preferred_place FROM appointment_requests" +
		" WHERE created >= {:from} AND created < {:end}").Bind(params).All(&requests)
	if err != nil {
		return nil, err
	}
	var members []struct {
		User    string `db:"user"`
		Created string `db:"created"`
	}
	err = app.DB().NewQuery("SELECT user, created FROM memberships WHERE status = 'active' AND created < {:end}").Bind(params).All(&members)
	if err != nil {
		return nil, err
	}
	var families []struct {
		ID           string `db:"id"`
		Municipality string `db:"municipality"`
		Bands        string `db:"children_age_bands"`
	}
	err = app.DB().NewQuery("SELECT id, municipality, children_age_bands FROM users WHERE role = 'family'").All(&families)
	if err != nil {
		return nil, err
	}
	isFamily := map[string]int{}
	for i, f := range families {
		isFamily[f.ID] = i
	}

	months := monthsOf(p)
	total := map[string]int{}
	byMonth, byGroup, byPlace, byKind := counts{}, counts{}, counts{}, counts{}
	byMunicipality, byAgeBand := counts{}, counts{}
	reached := map[string]bool{}
	reachedIn := map[string]map[string]bool{} // month -> users
	reach := func(user, month string) {
		if _, ok := isFamily[user]; !ok {
			return
		}
		reached[user] = true
		if reachedIn[month] == nil {
			reachedIn[month] = map[string]bool{}
		}
		reachedIn[month][user] = true
	}
	activityMeasure := func(a *heldActivity, measure string, n int) {
		total[measure] += n
		byMonth.add(a.month, measure, n)
		byGroup.add(a.Group, measure, n)
		byPlace.add(a.Place, measure, n)
		byKind.add(a.Kind, measure, n)
	}

	for i := range held {
		activityMeasure(&held[i], Activities, 1)
	}
	for _, r := range regs {
		a := byID[r.Activity]
		activityMeasure(a, Registrations, 1)
		activityMeasure(a, Registered, r.People)
		reach(r.User, a.month)
	}
	for _, c := range came {
		activityMeasure(byID[c.Activity], Attended, c.People)
	}
	for _, r := range requests {
		m := monthOf(r.Created)
		total[Appointments]++
		byMonth.add(m, Appointments, 1)
		byPlace.add(r.Place, Appointments, 1)
		reach(r.User, m)
	}
	for _, m := range members {
		// Active in every month of the period from the one it began.
		joined := monthOf(m.Created)
		for _, month := range months {
			if joined <= month {
				reach(m.User, month)
			}
		}
	}

	total[Families] = len(reached)
	for month, users := range reachedIn {
		byMonth.add(month, Families, len(users))
	}
	// What the retention period deleted, kept as counts (fold.go).
	folded, err := foldedIn(app, p)
	if err != nil {
		return nil, err
	}
	for _, f := range folded {
		month := f.Day[:7]
		if f.Requests > 0 {
			total[Appointments] += f.Requests
			byMonth.add(month, Appointments, f.Requests)
			byPlace.add(f.Place, Appointments, f.Requests)
		}
		if f.Families > 0 {
			total[Families] += f.Families
			byMonth.add(month, Families, f.Families)
			byMunicipality.add(f.Municipality, Families, f.Families)
			bands := parseBands(f.Bands)
			if len(bands) == 0 {
				byAgeBand.add("", Families, f.Families)
			}
			for _, b := range bands {
				byAgeBand.add(b, Families, f.Families)
			}
		}
	}
	for user := range reached {
		f := families[isFamily[user]]
		byMunicipality.add(municipalityKey(f.Municipality), Families, 1)
		bands := parseBands(f.Bands)
		if len(bands) == 0 {
			byAgeBand.add("", Families, 1)
		}
		for _, b := range bands {
			byAgeBand.add(b, Families, 1)
		}
	}

	activityMeasures := []string{Activities, Registrations, Registered, Attended}
	report := &Report{
		From:   p.From.Format(time.DateOnly),
		To:     p.To.Format(time.DateOnly),
		Totals: suppressTotals(total),
		Notes:  []string{ServiceLineNote},
		Breakdowns: []Breakdown{
			breakdown(ByMonth, Measures, months, byMonth, false),
			breakdown(ByGroup, activityMeasures, nil, byGroup, true),
			breakdown(ByPlace, append(activityMeasures, Appointments), nil, byPlace, true),
			breakdown(ByKind, activityMeasures, vocab.ActivityKinds, byKind, false),
			breakdown(ByMunicipality, []string{Families}, nil, byMunicipality, true),
			breakdown(ByAgeBand, []string{Families}, append(append([]string{}, vocab.AgeBands...), ""), byAgeBand, false),
		},
	}
	return report, nil
}

// breakdown orders a dimension's rows: the fixed keys given (every month,
// every kind), else the categories found, biggest first, "none" last.
func breakdown(dimension string, measures, keys []string, c counts, found bool) Breakdown {
	if found || keys == nil {
		for k := range c {
			keys = append(keys, k)
		}
		first := measures[0]
		sort.Slice(keys, func(i, j int) bool {
			if (keys[i] == "") != (keys[j] == "") {
				return keys[j] == ""
			}
			if c[keys[i]][first] != c[keys[j]][first] {
				return c[keys[i]][first] > c[keys[j]][first]
			}
			return keys[i] < keys[j]
		})
	}
	b := Breakdown{Dimension: dimension, Measures: measures, Rows: make([]Row, len(keys))}
	for i, k := range keys {
		b.Rows[i] = Row{Key: k, Cells: map[string]Cell{}}
	}
	for _, m := range measures {
		column := make([]int, len(keys))
		for i, k := range keys {
			column[i] = c[k][m]
		}
		for i, cell := range suppressColumn(column) {
			b.Rows[i].Cells[m] = cell
		}
	}
	return b
}

// monthsOf lists the months (YYYY-MM) a period touches.
func monthsOf(p Period) []string {
	var out []string
	for m := time.Date(p.From.Year(), p.From.Month(), 1, 0, 0, 0, 0, vocab.TimeZone); !m.After(p.To); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// municipalityKey folds the ways one town is typed ("cremona ", "Cremona").
func municipalityKey(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		words[i] = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return strings.Join(words, " ")
}

// parseBands reads a stored multiple select (a JSON array of strings).
func parseBands(raw string) []string {
	raw = strings.Trim(raw, "[] ")
	if raw == "" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(raw, ",") {
		if b := strings.Trim(part, `" `); b != "" {
			out = append(out, b)
		}
	}
	return out
}
