package auditview

import (
	"net/url"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/figures"
	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/vocab"
)

// PageSize is how many lines one page of the screen shows.
const PageSize = 50

// Filter selects lines of the log. Zero values select everything.
type Filter struct {
	Actor, Action string
	// From and To are whole days in the centre's time zone (From's
	// midnight to the midnight after To); zero is open.
	From, To time.Time
	Page     int // from 1
}

// ParseFilter reads ?actor=&action=&from=&to=&page=. A malformed date
// (figures_bad_date) or a period that ends before it starts
// (figures_period_reversed) is refused: the same words as the figures'.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{Actor: q.Get("actor"), Action: q.Get("action"), Page: 1}
	errs := validation.Errors{}
	for field, at := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(field); v != "" {
			t, err := time.ParseInLocation(time.DateOnly, v, vocab.TimeZone)
			if err != nil {
				errs[field] = validation.NewError(figures.CodeBadDate, "Write the date as YYYY-MM-DD.")
			}
			*at = t
		}
	}
	if len(errs) > 0 {
		return Filter{}, errs
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return Filter{}, validation.Errors{"to": validation.NewError(figures.CodeReversed, "The period ends before it starts.")}
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		f.Page = p
	}
	return f, nil
}

// where is the filter as SQL with bound parameters.
func (f Filter) where() dbx.Expression {
	var parts []dbx.Expression
	if f.Actor != "" {
		parts = append(parts, dbx.HashExp{"actor_id": f.Actor})
	}
	if f.Action != "" {
		parts = append(parts, dbx.HashExp{"action": f.Action})
	}
	stamp := func(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }
	if !f.From.IsZero() {
		parts = append(parts, dbx.NewExp("[[created]] >= {:from}", dbx.Params{"from": stamp(f.From)}))
	}
	if !f.To.IsZero() {
		parts = append(parts, dbx.NewExp("[[created]] < {:end}", dbx.Params{"end": stamp(f.To.AddDate(0, 0, 1))}))
	}
	return dbx.And(parts...)
}

// Find returns the lines f selects, newest first: one page of PageSize
// (all of them when all is true), and how many match in all.
func Find(app core.App, f Filter, all bool) ([]*core.Record, int, error) {
	var total int
	if err := app.DB().Select("count(*)").From(moderation.AuditCollection).Where(f.where()).Row(&total); err != nil {
		return nil, 0, err
	}
	q := app.RecordQuery(moderation.AuditCollection).Where(f.where()).OrderBy("seq DESC")
	if !all {
		q = q.Limit(PageSize).Offset(int64((f.Page - 1) * PageSize))
	}
	records := []*core.Record{}
	if err := q.All(&records); err != nil {
		return nil, 0, err
	}
	return records, total, nil
}

// distinct lists the different values of a column of the log.
func distinct(app core.App, column string) ([]string, error) {
	var values []string
	err := app.DB().Select(column).Distinct(true).From(moderation.AuditCollection).OrderBy(column).Column(&values)
	return values, err
}
