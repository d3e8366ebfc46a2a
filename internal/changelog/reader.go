package changelog

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// Reader is who reads the log: every row (staff and superusers) or the rows
// of some audiences.
type Reader struct {
	All       bool
	Audiences []string
	// ResetAudience is the reader's own reset signal ("" for a guest).
	ResetAudience string
}

// ReaderOf gives the audiences auth belongs to, mirroring the view rules:
// a guest is public; a person is also themselves, the organizations whose
// members they are, the groups they have a membership of (any status: the
// groups rule counts every membership), and mediators if they are one.
// Staff and superusers read everything.
func ReaderOf(app core.App, auth *core.Record) (Reader, error) {
	if auth == nil {
		return Reader{Audiences: []string{Public}}, nil
	}
	if vocab.IsStaff(auth) {
		return Reader{All: true, ResetAudience: Reset(auth.Id)}, nil
	}
	r := Reader{Audiences: []string{Public}, ResetAudience: Reset(auth.Id)}
	if auth.Collection().Name != "users" {
		return r, nil
	}
	r.Audiences = append(r.Audiences, User(auth.Id))
	if vocab.HasRole(auth, vocab.RoleMediator) {
		r.Audiences = append(r.Audiences, Mediators)
	}
	var orgs, groups []string
	err := app.DB().NewQuery("SELECT organizations.id FROM organizations, json_each(organizations.members) m WHERE m.value = {:id}").
		Bind(dbx.Params{"id": auth.Id}).Column(&orgs)
	if err != nil {
		return r, err
	}
	err = app.DB().NewQuery("SELECT DISTINCT [[group]] FROM memberships WHERE user = {:id}").
		Bind(dbx.Params{"id": auth.Id}).Column(&groups)
	if err != nil {
		return r, err
	}
	for _, o := range orgs {
		r.Audiences = append(r.Audiences, Org(o))
	}
	for _, g := range groups {
		r.Audiences = append(r.Audiences, Group(g))
	}
	return r, nil
}

// Page returns the reader's rows after cursor, in seq order, at most limit,
// and whether more follow. Reset signals are left out (see ResetSince).
//
// Each audience is read on its own stretch of the (audience, seq) index and
// stops after limit+1 rows, so a reader far behind costs its page, not the
// whole log since its cursor.
func Page(app core.App, r Reader, cursor int64, limit int) (rows []Row, more bool, err error) {
	params := dbx.Params{"cursor": cursor, "limit": limit + 1}
	var sql string
	if r.All {
		sql = "SELECT seq, collection, record_id, audience, created FROM " + Table +
			" WHERE seq > {:cursor} AND audience NOT LIKE 'reset:%' ORDER BY seq LIMIT {:limit}"
	} else {
		parts := make([]string, len(r.Audiences))
		for i, a := range r.Audiences {
			name := fmt.Sprintf("a%d", i)
			params[name] = a
			parts[i] = "SELECT * FROM (SELECT seq, collection, record_id, audience, created FROM " + Table +
				" WHERE audience = {:" + name + "} AND seq > {:cursor} ORDER BY seq LIMIT {:limit})"
		}
		sql = strings.Join(parts, " UNION ALL ") + " ORDER BY seq LIMIT {:limit}"
	}
	if err := app.DB().NewQuery(sql).Bind(params).All(&rows); err != nil {
		return nil, false, err
	}
	if len(rows) > limit {
		return rows[:limit], true, nil
	}
	return rows, false, nil
}

// ResetSince reports whether the reader was told to reset after cursor.
func ResetSince(app core.App, r Reader, cursor int64) (bool, error) {
	if r.ResetAudience == "" {
		return false, nil
	}
	var n int
	err := app.DB().NewQuery("SELECT COUNT(*) FROM (SELECT 1 FROM " + Table +
		" WHERE audience = {:a} AND seq > {:cursor} LIMIT 1)").
		Bind(dbx.Params{"a": r.ResetAudience, "cursor": cursor}).Row(&n)
	return n > 0, err
}
