package queryguard_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/cremona/hug/internal/hubtest"
)

// The oracle test: generated from the live schema, never a hand-made list.
//
// For every caller (a guest, a family, members of an unverified and of a
// verified association, a mediator, staff) it finds the rows the caller
// cannot see, and every path of relations (forward, multiple and
// back-relations, up to two hops) that leads from a row it CAN see to one
// of them. For each such hidden row it asks every question a client can
// ask through that path: a filter with every operator (=, !=, >, <, >=,
// <=, ~, !~ and their "?" any-match forms) on every text and number field
// (and id), a sort both ways, an expand, a fields pick, and the same filter,
// expand and fields as realtime subscription options. It asks each question
// three times: with the hidden row's fields set low ("aaa", 1), set high
// ("zzz-canary", 9), and with the row deleted. A question's answer (status
// and body, or the realtime events sent) must be the same all three times:
// an answer that changes tells the caller something about a row it may not
// see. Refusals by the guard are the same all three times too.

// callers are the people the test asks as; staff see every row, so they
// have nothing hidden to probe (the generator finds no hidden row).
var callers = []struct{ name, email string }{
	{"anonymous", ""},
	{"family", hubtest.FamilyEmail},
	{"association-unverified", hubtest.NewAssocEmail},
	{"association-verified", hubtest.VerifiedEmail},
	{"mediator", hubtest.MediatorEmail},
	{"staff", hubtest.StaffEmail},
}

var operators = []string{"=", "!=", ">", "<", ">=", "<=", "~", "!~", "?=", "?!=", "?>", "?<", "?>=", "?<=", "?~", "?!~"}

func TestNoAnswerDependsOnAHiddenRow(t *testing.T) {
	reached := map[string]bool{} // "caller collection path" the generator probed
	var mu sync.Mutex
	t.Run("callers", func(t *testing.T) {
		for _, caller := range callers {
			t.Run(caller.name, func(t *testing.T) {
				t.Parallel()
				app := hubtest.NewApp(t)
				defer app.Cleanup()
				addLinksToHiddenRows(t, app)
				p := newProber(t, app, caller.email)
				plans := p.plan()
				answered, refused := 0, 0
				for _, pl := range plans {
					a, r := p.run(pl)
					answered += a
					refused += r
					mu.Lock()
					for _, r := range pl.routes {
						reached[caller.name+" "+r.from.Name+" "+r.path.String()] = true
					}
					mu.Unlock()
				}
				t.Logf("%s: %d hidden rows reached by %d paths; %d questions answered alike in every state, %d refused",
					caller.name, len(plans), countPaths(plans), answered, refused)
			})
		}
	})
	// The generator must reach what the security review reported, or the
	// test would pass by asking nothing.
	for _, want := range []string{
		"family places appointment_requests_via_preferred_place",
		"family activities registrations_via_activity.user",
		"family groups memberships_via_group.user",
		"anonymous places appointment_requests_via_preferred_place",
		"anonymous activities proposer",
	} {
		if !reached[want] {
			t.Errorf("the generator did not probe %q", want)
		}
	}
}

// addLinksToHiddenRows gives hidden rows visible neighbours, as in the
// review: another family's confidential request at a place where the
// family has its own; a published activity proposed by another family, in
// a private group; a public service run by an unverified association.
func addLinksToHiddenRows(t *testing.T, app *tests.TestApp) {
	t.Helper()
	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	save := func(collection string, data map[string]any) *core.Record {
		c, err := app.FindCachedCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatalf("%s: %v", collection, err)
		}
		return r
	}
	save("appointment_requests", map[string]any{"user": family.Id, "topic": "listening", "message": "Vorrei un consiglio", "preferred_place": place.Id, "status": "new"})
	save("appointment_requests", map[string]any{"user": other.Id, "topic": "listening", "message": "Segreto: sono in difficoltà", "preferred_place": place.Id, "contact_phone": "333 1234567", "status": "new"})
	save("activities", map[string]any{"title": map[string]string{"it": "Proposta di una famiglia"}, "kind": "meeting", "status": "approved",
		"starts_at": "2099-02-01 10:00:00.000Z", "ends_at": "2099-02-01 11:00:00.000Z", "proposer": other.Id, "place": place.Id,
		"group": hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug).Id})
	unverified := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug)
	save("services", map[string]any{"name": map[string]string{"it": "Sportello dell'associazione"}, "category": "social", "nature": "informal",
		"organization": unverified.Id, "place": place.Id})
}

// hop is one step of a relation path.
type hop struct {
	name   string           // "place" or "registrations_via_activity"
	target *core.Collection // where the step leads
	field  string           // the relation field
	back   bool             // a back-relation: target's field points to the step's origin
}

type path []hop

func (p path) String() string {
	names := make([]string, len(p))
	for i, h := range p {
		names[i] = h.name
	}
	return strings.Join(names, ".")
}

// a route is a path from a collection the caller lists to a hidden row,
// with the visible rows it starts from.
type route struct {
	from   *core.Collection
	path   path
	starts []*core.Record
}

// a plan is one hidden row and every route that reaches it.
type plan struct {
	target *core.Collection
	hidden string
	routes []route
}

func countPaths(plans []*plan) int {
	n := 0
	for _, p := range plans {
		n += len(p.routes)
	}
	return n
}

type prober struct {
	t           *testing.T
	app         *tests.TestApp
	token       string
	collections []*core.Collection
	visible     map[string]map[string]bool // collection -> ids the caller lists
	ip          atomic.Int64
	memo        map[string][]*core.Record
}

func newProber(t *testing.T, app *tests.TestApp, email string) *prober {
	// Rate limits (on in the hub) and PocketBase's randomized throttle after
	// empty filtered lists (keyed on the client address) would slow or
	// answer thousands of questions alike: the limits go off and each
	// question comes from its own address.
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	settings.TrustedProxy.Headers = []string{"X-Probe-Address"}
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	p := &prober{t: t, app: app, visible: map[string]map[string]bool{}, memo: map[string][]*core.Record{}}
	if email != "" {
		p.token = hubtest.Token(t, app, "users", email)
	}
	all, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.System {
			continue
		}
		p.collections = append(p.collections, c)
		p.visible[c.Name] = map[string]bool{}
		res := p.get("/api/collections/" + c.Name + "/records?perPage=1000&fields=id")
		if res.status != http.StatusOK {
			continue
		}
		var list struct{ Items []struct{ ID string } }
		json.Unmarshal([]byte(res.body), &list)
		for _, item := range list.Items {
			p.visible[c.Name][item.ID] = true
		}
	}
	return p
}

type answer struct {
	status int
	body   string
}

func (p *prober) get(u string) answer {
	res := hubtest.Do(p.t, p.app, hubtest.Request{Method: http.MethodGet, URL: u, Token: p.token,
		Header: map[string]string{"X-Probe-Address": p.nextAddress()}})
	return answer{res.Status, canonical(res.Body)}
}

// canonical re-encodes JSON with its keys sorted: PocketBase writes a
// record's keys in varying order.
func canonical(body []byte) string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return string(body)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func (p *prober) nextAddress() string {
	n := p.ip.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

// hops lists every relation step out of a collection: its relation fields
// (single and multiple) and every back-relation into it.
func (p *prober) hops(from *core.Collection) []hop {
	var out []hop
	for _, f := range from.Fields {
		if rel, ok := f.(*core.RelationField); ok {
			target, err := p.app.FindCachedCollectionByNameOrId(rel.CollectionId)
			if err == nil {
				out = append(out, hop{name: rel.Name, target: target, field: rel.Name})
			}
		}
	}
	for _, other := range p.collections {
		for _, f := range other.Fields {
			if rel, ok := f.(*core.RelationField); ok && rel.CollectionId == from.Id {
				out = append(out, hop{name: other.Name + "_via_" + rel.Name, target: other, field: rel.Name, back: true})
			}
		}
	}
	return out
}

// follow takes one step from records.
func (p *prober) follow(records []*core.Record, h hop) []*core.Record {
	seen := map[string]bool{}
	var out []*core.Record
	for _, r := range records {
		key := r.Collection().Name + "/" + r.Id + "/" + h.name
		next, ok := p.memo[key]
		if !ok {
			if h.back {
				rel := h.target.Fields.GetByName(h.field).(*core.RelationField)
				filter := h.field + " = {:id}"
				if rel.IsMultiple() {
					filter = h.field + " ~ {:id}"
				}
				next, _ = p.app.FindRecordsByFilter(h.target, filter, "", 0, 0, dbx.Params{"id": r.Id})
			} else if ids := r.GetStringSlice(h.field); len(ids) > 0 {
				next, _ = p.app.FindRecordsByIds(h.target, ids)
			}
			p.memo[key] = next
		}
		for _, n := range next {
			if !seen[n.Id] {
				seen[n.Id] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// plan finds, for every collection the caller lists, every path of one or
// two hops to a row the caller cannot see, and groups the routes by the
// hidden row they reach; each route keeps one hidden row (the one most
// routes share), so every path is probed once.
func (p *prober) plan() []*plan {
	type reach struct {
		r      route
		hidden []*core.Record
	}
	var reaches []reach
	for _, from := range p.collections {
		var starts []*core.Record
		for id := range p.visible[from.Name] {
			r, err := p.app.FindRecordById(from, id)
			if err == nil {
				starts = append(starts, r)
			}
		}
		if len(starts) == 0 {
			continue
		}
		var walk func(pth path, at []*core.Record, current *core.Collection)
		walk = func(pth path, at []*core.Record, current *core.Collection) {
			if len(pth) == 2 {
				return
			}
			for _, h := range p.hops(current) {
				next := p.follow(at, h)
				if len(next) == 0 {
					continue
				}
				np := append(slices.Clone(pth), h)
				var hidden []*core.Record
				for _, n := range next {
					if !p.visible[h.target.Name][n.Id] {
						hidden = append(hidden, n)
					}
				}
				if len(hidden) > 0 {
					// the starts that reach a hidden row through np
					var from1 []*core.Record
					for _, s := range starts {
						for _, n := range p.walkFrom(s, np) {
							if !p.visible[h.target.Name][n.Id] {
								from1 = append(from1, s)
								break
							}
						}
					}
					reaches = append(reaches, reach{route{from, np, from1}, hidden})
				}
				walk(np, next, h.target)
			}
		}
		walk(nil, starts, from)
	}
	// greedy: the hidden row reached by most routes first
	count := map[string]int{}
	for _, r := range reaches {
		for _, h := range r.hidden {
			count[h.Collection().Name+"/"+h.Id]++
		}
	}
	plans := map[string]*plan{}
	for _, r := range reaches {
		best := r.hidden[0]
		for _, h := range r.hidden {
			key := h.Collection().Name + "/" + h.Id
			if count[key] > count[best.Collection().Name+"/"+best.Id] {
				best = h
			}
		}
		key := best.Collection().Name + "/" + best.Id
		if plans[key] == nil {
			plans[key] = &plan{target: best.Collection(), hidden: best.Id}
		}
		// keep only the starts that reach this very row
		var starts []*core.Record
		for _, s := range r.r.starts {
			for _, n := range p.walkFrom(s, r.r.path) {
				if n.Id == best.Id {
					starts = append(starts, s)
					break
				}
			}
		}
		r.r.starts = starts
		plans[key].routes = append(plans[key].routes, r.r)
	}
	out := make([]*plan, 0, len(plans))
	for _, pl := range plans {
		out = append(out, pl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].target.Name+out[i].hidden < out[j].target.Name+out[j].hidden })
	return out
}

func (p *prober) walkFrom(start *core.Record, pth path) []*core.Record {
	at := []*core.Record{start}
	for _, h := range pth {
		at = p.follow(at, h)
	}
	return at
}

// probeFields are the fields of the hidden row the questions compare:
// id (so a row's mere existence is asked about), and every field a client
// could name whose value the probe can set two ways: text-like, number,
// bool, date, and single selects of two values or more (a registration's
// status, an appointment's topic). Hidden fields PocketBase never lets a
// client name; changing a password would also change nothing visible.
// Relations are the paths themselves; JSON and files are left out. A bool,
// date or select that the collection's own list or view rule reads (an
// organization's `verified`, an activity's `status`) decides whether the
// row is hidden at all: changing it would show the row, not probe it, so
// the probe leaves those as they are.
func probeFields(c *core.Collection) []core.Field {
	out := []core.Field{c.Fields.GetByName("id")}
	rules := ruleText(c.ListRule) + " " + ruleText(c.ViewRule)
	decides := func(f core.Field) bool {
		return regexp.MustCompile(`\b` + regexp.QuoteMeta(f.GetName()) + `\b`).MatchString(rules)
	}
	for _, f := range c.Fields {
		if f.GetHidden() || f.GetName() == "id" {
			continue
		}
		switch f.Type() {
		case core.FieldTypeText, core.FieldTypeEmail, core.FieldTypeURL, core.FieldTypeEditor, core.FieldTypeNumber:
			out = append(out, f)
		case core.FieldTypeBool, core.FieldTypeDate, core.FieldTypeAutodate:
			if !decides(f) {
				out = append(out, f)
			}
		case core.FieldTypeSelect:
			if sel := f.(*core.SelectField); !sel.IsMultiple() && len(sel.Values) >= 2 && !decides(f) {
				out = append(out, f)
			}
		}
	}
	return out
}

func ruleText(rule *string) string {
	if rule == nil {
		return ""
	}
	return *rule
}

// values the hidden row takes in the low and high states, and the
// constant each operator compares with: every question's truth on the
// hidden row flips between the two states.
func stateValue(f core.Field, high bool) any {
	switch f.Type() {
	case core.FieldTypeBool:
		return high
	case core.FieldTypeDate, core.FieldTypeAutodate:
		if high {
			return "2031-06-15 10:00:00.000Z"
		}
		return "2021-06-15 10:00:00.000Z"
	case core.FieldTypeSelect:
		values := f.(*core.SelectField).Values
		if high {
			return values[len(values)-1]
		}
		return values[0]
	case core.FieldTypeNumber:
		if high {
			return 9
		}
		return 1
	case core.FieldTypeEmail:
		if high {
			return "zzz-canary@probe.test"
		}
		return "aaa@probe.test"
	case core.FieldTypeURL:
		if high {
			return "https://zzz-canary.probe.test"
		}
		return "https://aaa.probe.test"
	}
	if high {
		return "zzz-canary"
	}
	return "aaa"
}

func operand(f core.Field, op string) string {
	number := f.Type() == core.FieldTypeNumber
	switch f.Type() {
	case core.FieldTypeBool:
		return "true"
	case core.FieldTypeDate, core.FieldTypeAutodate:
		switch strings.TrimPrefix(op, "?") {
		case "=", "!=":
			return fmt.Sprintf("%q", stateValue(f, true))
		case "~", "!~":
			return "'2031'"
		}
		return "'2026-01-01 00:00:00.000Z'"
	case core.FieldTypeSelect:
		switch strings.TrimPrefix(op, "?") {
		case "=", "!=":
			return fmt.Sprintf("%q", stateValue(f, true))
		case "~", "!~":
			return fmt.Sprintf("%q", stateValue(f, true))
		}
		// between the two values, so that < and > flip too
		low, high := stateValue(f, false).(string), stateValue(f, true).(string)
		if low > high {
			low, high = high, low
		}
		return fmt.Sprintf("%q", low+"~")
	}
	switch strings.TrimPrefix(op, "?") {
	case "=", "!=":
		if number {
			return "9"
		}
		return fmt.Sprintf("%q", stateValue(f, true))
	case "~", "!~":
		if number {
			return "9"
		}
		return "'canary'"
	}
	if number {
		return "5"
	}
	return "'mmm'"
}

// question is one request a client can make, as a URL or a realtime topic.
type question struct {
	url   string // GET
	topic string // realtime subscription on the route's collection
}

func (p *prober) questions(pl *plan) []question {
	var qs []question
	for _, r := range pl.routes {
		base := "/api/collections/" + r.from.Name + "/records?perPage=1000"
		topic := r.from.Name + "/*?options="
		options := func(query map[string]string) string {
			raw, _ := json.Marshal(map[string]any{"query": query})
			return topic + url.QueryEscape(string(raw))
		}
		pth := r.path.String()
		for _, f := range probeFields(pl.target) {
			name := pth + "." + f.GetName()
			for _, op := range operators {
				filter := name + " " + op + " " + operand(f, op)
				qs = append(qs, question{url: base + "&fields=id&filter=" + url.QueryEscape(filter)})
				qs = append(qs, question{topic: options(map[string]string{"filter": filter})})
			}
			qs = append(qs, question{url: base + "&fields=id&sort=" + url.QueryEscape(name)})
			qs = append(qs, question{url: base + "&fields=id&sort=" + url.QueryEscape("-"+name)})
			pick := "id,expand." + strings.ReplaceAll(pth, ".", ".expand.") + "." + f.GetName()
			qs = append(qs, question{url: base + "&expand=" + url.QueryEscape(pth) + "&fields=" + url.QueryEscape(pick)})
			qs = append(qs, question{topic: options(map[string]string{"expand": pth, "fields": pick})})
		}
		qs = append(qs, question{url: base + "&expand=" + url.QueryEscape(pth)})
		qs = append(qs, question{topic: options(map[string]string{"expand": pth})})
	}
	return qs
}

// run asks every question of a plan in the three states of its hidden row
// and fails on any answer that changes; it returns how many questions got
// an answer and how many the guard refused.
func (p *prober) run(pl *plan) (answered, refused int) {
	t := p.t
	qs := p.questions(pl)
	var topics []string
	for _, q := range qs {
		if q.topic != "" {
			topics = append(topics, q.topic)
		}
	}
	rt := p.subscribe(topics)
	defer rt.close()

	fields := probeFields(pl.target)[1:]
	table := pl.target.Name
	var original dbx.NullStringMap
	if err := p.app.DB().Select("*").From(table).Where(dbx.HashExp{"id": pl.hidden}).One(&original); err != nil {
		t.Fatal(err)
	}
	set := func(high bool) {
		values := dbx.Params{}
		for _, f := range fields {
			values[f.GetName()] = stateValue(f, high)
		}
		if len(values) == 0 {
			return
		}
		if _, err := p.app.DB().Update(table, values, dbx.HashExp{"id": pl.hidden}).Execute(); err != nil {
			t.Fatalf("%s %s: %v", table, pl.hidden, err)
		}
	}
	states := []struct {
		name  string
		apply func()
	}{
		{"low", func() { set(false) }},
		{"high", func() { set(true) }},
		{"deleted", func() {
			if _, err := p.app.DB().Delete(table, dbx.HashExp{"id": pl.hidden}).Execute(); err != nil {
				t.Fatal(err)
			}
		}},
	}
	defer func() {
		restore := dbx.Params{}
		for k, v := range original {
			if v.Valid {
				restore[k] = v.String
			} else {
				restore[k] = nil
			}
		}
		p.app.DB().Delete(table, dbx.HashExp{"id": pl.hidden}).Execute()
		if _, err := p.app.DB().Insert(table, restore).Execute(); err != nil {
			t.Fatal(err)
		}
	}()

	var first map[string]answer
	var firstState string
	for _, s := range states {
		s.apply()
		answers := map[string]answer{}
		for _, q := range qs {
			// The guard refuses before any row is read, so a question it
			// refused in the first state is not asked again.
			if q.url != "" && (first == nil || !isRefusal(first[q.url])) {
				answers[q.url] = p.get(q.url)
			}
		}
		for topic, a := range rt.ask(pl) {
			answers[topic] = a
		}
		if first == nil {
			first, firstState = answers, s.name
			continue
		}
		for key, a := range answers {
			if b := first[key]; a != b {
				t.Errorf("the answer depends on hidden %s %s (%s vs %s):\n  %s\n  %s: %d %s\n  %s: %d %s",
					table, pl.hidden, firstState, s.name, key, firstState, b.status, clip(b.body), s.name, a.status, clip(a.body))
			}
		}
	}
	for _, a := range first {
		if isRefusal(a) {
			refused++
		} else {
			answered++
		}
	}
	return answered, refused
}

func isRefusal(a answer) bool {
	return a.status == http.StatusBadRequest && strings.Contains(a.body, `"query_field_not_allowed"`)
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// realtime subscribes one in-process client per 1000 topics, the way a
// phone does (POST /api/realtime through the router, with its token).
type realtime struct {
	p        *prober
	refused  map[string]answer
	clients  []*subscriptions.DefaultClient
	mu       sync.Mutex
	received map[string]string
	done     chan struct{}
}

func (p *prober) subscribe(topics []string) *realtime {
	rt := &realtime{p: p, refused: map[string]answer{}, received: map[string]string{}, done: make(chan struct{})}
	probe := subscriptions.NewDefaultClient()
	p.app.SubscriptionsBroker().Register(probe)
	var allowed []string
	for _, topic := range topics {
		res := p.post(probe.Id(), []string{topic})
		if res.status == http.StatusNoContent {
			allowed = append(allowed, topic)
		} else {
			rt.refused[topic] = res
		}
	}
	p.app.SubscriptionsBroker().Unregister(probe.Id())
	for chunk := range slices.Chunk(allowed, 1000) {
		c := subscriptions.NewDefaultClient()
		p.app.SubscriptionsBroker().Register(c)
		if res := p.post(c.Id(), chunk); res.status != http.StatusNoContent {
			p.t.Fatalf("subscribe: %d %s", res.status, res.body)
		}
		rt.clients = append(rt.clients, c)
		go func() {
			for {
				select {
				case msg := <-c.Channel():
					rt.mu.Lock()
					var data struct{ Record struct{ ID string } }
					json.Unmarshal(msg.Data, &data)
					rt.received[msg.Name+" "+data.Record.ID] = canonical(msg.Data)
					rt.mu.Unlock()
				case <-rt.done:
					return
				}
			}
		}()
	}
	return rt
}

func (p *prober) post(clientID string, topics []string) answer {
	res := hubtest.Do(p.t, p.app, hubtest.Request{Method: http.MethodPost, URL: "/api/realtime", Token: p.token,
		Body: map[string]any{"clientId": clientID, "subscriptions": topics}, Header: map[string]string{"X-Probe-Address": p.nextAddress()}})
	return answer{res.Status, canonical(res.Body)}
}

// ask tells the subscribers that each visible start of the plan's routes
// changed (what PocketBase does after an update, without changing a row)
// and returns, per topic, the events sent for it.
func (rt *realtime) ask(pl *plan) map[string]answer {
	out := map[string]answer{}
	for topic, a := range rt.refused {
		out[topic] = a
	}
	if len(rt.clients) == 0 {
		return out
	}
	rt.mu.Lock()
	rt.received = map[string]string{}
	rt.mu.Unlock()
	told := map[string]bool{}
	for _, r := range pl.routes {
		for _, s := range r.starts {
			if told[s.Id] {
				continue
			}
			told[s.Id] = true
			fresh, err := rt.p.app.FindRecordById(s.Collection(), s.Id)
			if err != nil {
				rt.p.t.Fatal(err)
			}
			err = rt.p.app.OnModelAfterUpdateSuccess().Trigger(&core.ModelEvent{App: rt.p.app, Model: fresh, Type: core.ModelEventTypeUpdate},
				func(e *core.ModelEvent) error { return nil })
			if err != nil {
				rt.p.t.Fatal(err)
			}
		}
	}
	// the broadcaster sends from goroutines: wait until it is quiet
	last := -1
	for {
		time.Sleep(20 * time.Millisecond)
		rt.mu.Lock()
		n := len(rt.received)
		rt.mu.Unlock()
		if n == last {
			break
		}
		last = n
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, c := range rt.clients {
		for topic := range c.Subscriptions() {
			var events []string
			for key, data := range rt.received {
				if strings.HasPrefix(key, topic+" ") {
					events = append(events, data)
				}
			}
			sort.Strings(events)
			out[topic] = answer{http.StatusOK, strings.Join(events, "\n")}
		}
	}
	return out
}

func (rt *realtime) close() {
	close(rt.done)
	for _, c := range rt.clients {
		rt.p.app.SubscriptionsBroker().Unregister(c.Id())
	}
}
