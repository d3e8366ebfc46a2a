package auditview

import (
	"net/http"
	"sort"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/staffcsv"
	"github.com/cremona/hug/internal/vocab"
)

// Entry is one line of the log as staff read it.
type Entry struct {
	Seq         int    `json:"seq"`
	At          string `json:"at"` // RFC 3339, UTC
	ActorID     string `json:"actor_id"`
	Actor       string `json:"actor"`
	Action      string `json:"action"`
	ActionLabel string `json:"action_label"`
	Target      string `json:"target"` // what the decision was about, in words
	TargetID    string `json:"target_id"`
	From        string `json:"from"`
	To          string `json:"to"`
	Reason      string `json:"reason"`
	Detail      string `json:"detail"`
}

// Option is one choice of a filter.
type Option struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Page is the JSON answer.
type Page struct {
	Entries []Entry  `json:"entries"`
	Page    int      `json:"page"`
	Pages   int      `json:"pages"`
	Total   int      `json:"total"`
	Actors  []Option `json:"actors"`
	Actions []Option `json:"actions"`
}

// request reads a staff request's filter; anyone else is refused.
func request(e *core.RequestEvent) (Filter, error) {
	if !vocab.IsStaff(e.Auth) {
		return Filter{}, e.ForbiddenError("", nil)
	}
	f, err := ParseFilter(e.Request.URL.Query())
	if err != nil {
		code := ""
		for _, v := range err.(validation.Errors) {
			code = v.(validation.Error).Code() // one code: the message says it
		}
		return Filter{}, e.BadRequestError(code, err)
	}
	return f, nil
}

func handleJSON(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		f, err := request(e)
		if err != nil {
			return err
		}
		records, total, err := Find(e.App, f, false)
		if err != nil {
			return err
		}
		n := names{app: e.App, catalog: catalog, lang: staffcsv.Language(catalog, e)}
		p := Page{Entries: make([]Entry, len(records)), Page: f.Page, Total: total, Pages: (total + PageSize - 1) / PageSize}
		for i, r := range records {
			p.Entries[i] = n.entry(r)
		}
		actors, err := distinct(e.App, "actor_id")
		if err != nil {
			return err
		}
		for _, id := range actors {
			p.Actors = append(p.Actors, Option{ID: id, Label: n.person(id)})
		}
		sort.SliceStable(p.Actors, func(i, j int) bool { return p.Actors[i].Label < p.Actors[j].Label })
		actions, err := distinct(e.App, "action")
		if err != nil {
			return err
		}
		for _, a := range actions {
			p.Actions = append(p.Actions, Option{ID: a, Label: n.action(a)})
		}
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.JSON(http.StatusOK, p)
	}
}

// csvColumns are the file's headers, message ids of locales/.
var csvColumns = []string{"audit_csv_date", "audit_csv_time", "audit_col_who", "audit_col_what", "audit_csv_about",
	"audit_csv_from", "audit_csv_to", "audit_col_why", "audit_csv_detail", "audit_csv_seq"}

func handleCSV(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		f, err := request(e)
		if err != nil {
			return err
		}
		records, _, err := Find(e.App, f, true)
		if err != nil {
			return err
		}
		n := names{app: e.App, catalog: catalog, lang: staffcsv.Language(catalog, e)}
		header := make([]string, len(csvColumns))
		for i, c := range csvColumns {
			header[i] = catalog.T(n.lang, c, nil)
		}
		rows := make([][]string, len(records))
		for i, r := range records {
			x := n.entry(r)
			at := r.GetDateTime("created").Time()
			rows[i] = []string{staffcsv.Date(at), staffcsv.Time(at), x.Actor, x.ActionLabel, x.Target,
				x.From, x.To, x.Reason, x.Detail, r.GetString("seq")}
		}
		return staffcsv.Serve(e, "hug-registro.csv", header, rows)
	}
}

// names turns the ids of the log into words in a staff member's language,
// each looked up once per request.
type names struct {
	app     core.App
	catalog *i18n.Catalog
	lang    string
	cache   map[string]string
}

func (n *names) once(key string, find func() string) string {
	if n.cache == nil {
		n.cache = map[string]string{}
	}
	if v, ok := n.cache[key]; ok {
		return v
	}
	v := find()
	n.cache[key] = v
	return v
}

// label is a message of locales/ when there is one, else the id itself (a
// state or action another part of the hub added later).
func (n *names) label(prefix, id string) string {
	if id == "" || !n.catalog.Has(prefix+id) {
		return id
	}
	return n.catalog.T(n.lang, prefix+id, nil)
}

func (n *names) action(id string) string { return n.label("audit_action_", id) }

// person is an account's name; an account deleted since is said to be so.
func (n *names) person(id string) string {
	return n.once("person:"+id, func() string {
		if u, err := n.app.FindRecordById("users", id); err == nil {
			if name := u.GetString("name"); name != "" {
				return name
			}
			return u.GetString("email")
		}
		if _, err := n.app.FindRecordById(core.CollectionNameSuperusers, id); err == nil {
			return n.catalog.T(n.lang, "audit_superuser", nil)
		}
		return n.catalog.T(n.lang, "audit_account_deleted", nil)
	})
}

// target names what a line is about: an activity by its title, a person,
// an organization or a group by name; else the collection and id.
func (n *names) target(collection, id string) string {
	return n.once(collection+":"+id, func() string {
		r, err := n.app.FindRecordById(collection, id)
		if err != nil {
			return collection + " " + id
		}
		for _, field := range []string{"title", "name"} {
			raw := r.GetString(field)
			if raw == "" {
				continue
			}
			if t, err := multitext.Parse([]byte(raw)); err == nil && len(t) > 0 {
				s, _ := t.Best(n.lang)
				return s
			}
			return raw
		}
		return collection + " " + id
	})
}

func (n *names) entry(r *core.Record) Entry {
	return Entry{
		Seq:         r.GetInt("seq"),
		At:          r.GetDateTime("created").Time().UTC().Format("2006-01-02T15:04:05Z"),
		ActorID:     r.GetString("actor_id"),
		Actor:       n.person(r.GetString("actor_id")),
		Action:      r.GetString("action"),
		ActionLabel: n.action(r.GetString("action")),
		Target:      n.target(r.GetString("target_collection"), r.GetString("target_id")),
		TargetID:    r.GetString("target_id"),
		From:        n.label("audit_state_", r.GetString("from_status")),
		To:          n.label("audit_state_", r.GetString("to_status")),
		Reason:      r.GetString("reason"),
		Detail:      r.GetString("detail"),
	}
}
