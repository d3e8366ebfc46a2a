package calendar

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// PastDays is how far back a feed goes: calendar apps keep what they have
// seen, so a feed need not carry the centre's whole history.
const PastDays = 180

// entry is one activity of a feed, as the feed's reader stands to it.
type entry struct {
	activity   *core.Record
	waitlisted bool // the private feed: on the waiting list, not going
}

// guestActivities loads the activities a guest may list (the collection's
// own list rule, resolved by PocketBase as for an anonymous request) that
// end after since; where adds a condition (a group, a set of ids).
func guestActivities(app core.App, since time.Time, where dbx.Expression) ([]*core.Record, error) {
	collection, err := app.FindCachedCollectionByNameOrId("activities")
	if err != nil {
		return nil, err
	}
	if collection.ListRule == nil {
		return nil, nil // superusers only: nothing is public
	}
	query := app.RecordQuery(collection).
		AndWhere(dbx.NewExp("[[activities.ends_at]] >= {:since}", dbx.Params{"since": since.UTC().Format("2006-01-02 15:04:05.000Z")}))
	if where != nil {
		query.AndWhere(where)
	}
	if *collection.ListRule != "" {
		guest := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet}
		resolver := core.NewRecordFieldResolver(app, collection, guest, true)
		expr, err := search.FilterData(*collection.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		query.AndWhere(expr)
		if err := resolver.UpdateQuery(query); err != nil {
			return nil, err
		}
	}
	records := []*core.Record{}
	if err := query.All(&records); err != nil {
		return nil, err
	}
	return records, nil
}

// guestMayView reports whether a guest may view record, by its
// collection's view rule.
func guestMayView(app core.App, record *core.Record) bool {
	rule := record.Collection().ViewRule
	if rule == nil {
		return false
	}
	ok, err := app.CanAccessRecord(record, &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet}, rule)
	return err == nil && ok
}

// writer renders entries as one iCalendar object in one language.
type writer struct {
	app     core.App
	catalog *i18n.Catalog
	lang    string
}

// render returns the feed's bytes and when what it shows last changed.
func (w writer) render(name string, entries []entry) ([]byte, time.Time, error) {
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i].activity, entries[j].activity
		if !a.GetDateTime("starts_at").Time().Equal(b.GetDateTime("starts_at").Time()) {
			return a.GetDateTime("starts_at").Time().Before(b.GetDateTime("starts_at").Time())
		}
		return a.Id < b.Id
	})
	places, err := w.places(entries)
	if err != nil {
		return nil, time.Time{}, err
	}
	base := strings.TrimRight(w.app.Settings().Meta.AppURL, "/")
	host := hostOf(base)

	cal := ics.NewCalendarFor("Hug Centro per le Famiglie//Calendar//IT")
	cal.SetCalscale("GREGORIAN")
	cal.SetName(plain(name))
	cal.SetXWRCalName(plain(name))
	cal.SetXWRTimezone(vocab.TimeZoneName)
	// Calendar apps that honour them poll hourly; the HTTP cache headers
	// make a poll that finds nothing new a 304.
	cal.SetRefreshInterval("PT1H", ics.WithValue(string(ics.ValueDataTypeDuration)))
	cal.SetXPublishedTTL("PT1H")
	addTimeZone(cal, vocab.TimeZone, time.Now().In(vocab.TimeZone).Year())

	var modified time.Time
	for _, en := range entries {
		a := en.activity
		place := places[a.GetString("place")]
		changed := a.GetDateTime("updated").Time()
		if place != nil && place.GetDateTime("updated").Time().After(changed) {
			changed = place.GetDateTime("updated").Time() // the LOCATION changed
		}
		if changed.After(modified) {
			modified = changed
		}
		ev := cal.AddEvent(a.Id + "@" + host)
		ev.SetSequence(a.GetInt(SequenceField))
		// Without a METHOD, DTSTAMP is the last revision (RFC 5545, 3.8.7.2),
		// so two fetches of an unchanged feed are the same bytes.
		ev.SetDtStampTime(changed)
		ev.SetModifiedAt(changed)
		ev.SetCreatedTime(a.GetDateTime("created").Time())
		ev.SetProperty(ics.ComponentPropertyDtStart, romeTime(a.GetDateTime("starts_at").Time()), ics.WithTZID(vocab.TimeZoneName))
		ev.SetProperty(ics.ComponentPropertyDtEnd, romeTime(a.GetDateTime("ends_at").Time()), ics.WithTZID(vocab.TimeZoneName))

		title, lang := text(a, "title").Best(w.lang)
		status := ics.ObjectStatusConfirmed
		switch {
		case a.GetString("status") == "cancelled":
			status = ics.ObjectStatusCancelled
			title = w.catalog.T(w.lang, "activity_cancelled", nil) + ": " + title
		case en.waitlisted:
			status = ics.ObjectStatusTentative
			title = title + " (" + w.catalog.T(w.lang, "calendar_waitlisted", nil) + ")"
		}
		link := base + "/activity/" + a.Id
		ev.SetSummary(plain(title), language(lang))
		summary, summaryLang := text(a, "summary").Best(w.lang)
		ev.SetDescription(plain(strings.TrimSpace(summary+"\n\n"+link)), language(summaryLang))
		if where, whereLang := location(a, place, w.lang); where != "" {
			ev.SetLocation(plain(where), language(whereLang))
		}
		ev.SetURL(link)
		ev.SetStatus(status)
		if series := a.GetString("series"); series != "" {
			// A cycle's dates are its events; clients that group by
			// category show them together.
			ev.AddCategory(plain(series))
		}
	}
	var b strings.Builder
	if err := cal.SerializeTo(&b); err != nil {
		return nil, time.Time{}, err
	}
	return []byte(b.String()), modified, nil
}

// places loads the places of entries, by id.
func (w writer) places(entries []entry) (map[string]*core.Record, error) {
	ids := []string{}
	for _, en := range entries {
		if id := en.activity.GetString("place"); id != "" {
			ids = append(ids, id)
		}
	}
	out := map[string]*core.Record{}
	if len(ids) == 0 {
		return out, nil
	}
	records, err := w.app.FindRecordsByIds("places", ids)
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		out[r.Id] = r
	}
	return out, nil
}

// location is the place's name and address, else the activity's location
// note in the best language; and the language it is in.
func location(activity, place *core.Record, lang string) (string, string) {
	if place != nil {
		parts := []string{}
		for _, p := range []string{place.GetString("name"), place.GetString("address"), place.GetString("municipality")} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, ", "), vocab.Source // written once, by the centre, in Italian
	}
	return text(activity, "location_note").Best(lang)
}

func text(record *core.Record, field string) multitext.Text {
	t, _ := multitext.Parse([]byte(record.GetString(field)))
	return t
}

func romeTime(t time.Time) string {
	return t.In(vocab.TimeZone).Format("20060102T150405")
}

func language(code string) ics.PropertyParameter {
	return &ics.KeyValues{Key: string(ics.ParameterLanguage), Value: []string{code}}
}

// hostOf is the host of the hub's URL, for UIDs ("{id}@{host}").
func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "hug"
}

// plain makes user text safe as an iCalendar TEXT value: every line break
// becomes "\n" (which the library writes as the escape \n) and the other
// control characters are dropped, so a title holding a raw CR cannot start
// a content line of its own (an injected VALARM or ATTACH).
func plain(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
