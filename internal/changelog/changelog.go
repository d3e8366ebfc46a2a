// Package changelog is the server half of sync (docs/SYNC.md): every create,
// update and delete of a synced collection writes rows to hub_changes in the
// write's own transaction, one per audience (who may see the change). The
// pull feed (internal/syncfeed) and the realtime poke read it; nothing else
// writes it.
//
// SQLite has one writer at a time and seq is allocated inside the write, so
// rows commit in seq order: a reader that sees seq N has every seq below N
// that will ever exist, and never sees one whose change did not commit
// (TestAChangeAndItsRowsCommitTogether, TestPagingWhileWritersRunNeverSkipsOrRepeats).
package changelog

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Table is the change log; FloorTable holds the newest seq dropped by age.
const (
	Table      = "hub_changes"
	FloorTable = "hub_changes_floor"
)

// Audiences: who may see a row. Staff and superusers read every row.
const (
	Public    = "public"
	Mediators = "mediators"
	// Staff is the audience of rows only staff may see (a retired
	// service): nobody else holds it.
	Staff = "staff"
)

// User, Org, Group and Reset name the audiences of one person or body.
func User(id string) string  { return "user:" + id }
func Org(id string) string   { return "org:" + id }
func Group(id string) string { return "group:" + id }

// Reset is the audience of a row that tells a person their next pull must
// be a snapshot: what they may see changed as a whole.
func Reset(userID string) string { return "reset:" + userID }

// Row is one change of one record for one audience.
type Row struct {
	Seq        int64  `db:"seq" json:"seq"`
	Collection string `db:"collection" json:"collection"`
	RecordID   string `db:"record_id" json:"record_id"`
	Audience   string `db:"audience" json:"audience"`
	Created    int64  `db:"created" json:"created"`
}

// IsReset reports whether the row is a reset signal rather than a change.
func (r Row) IsReset() bool { return strings.HasPrefix(r.Audience, "reset:") }

// write appends one row per distinct audience. Call it with the write's
// transaction app.
func write(txApp core.App, collection, recordID string, audiences []string) error {
	now := time.Now().UnixMilli()
	seen := map[string]bool{}
	for _, a := range audiences {
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		_, err := txApp.NonconcurrentDB().Insert(Table, dbx.Params{
			"collection": collection, "record_id": recordID, "audience": a, "created": now,
		}).Execute()
		if err != nil {
			return err
		}
	}
	return nil
}

// Latest is the newest seq ever handed out (never lower after retention):
// the cursor of a snapshot read after it.
func Latest(app core.App) (int64, error) {
	var seq int64
	err := app.DB().NewQuery("SELECT MAX(COALESCE((SELECT MAX(seq) FROM " + Table + "), 0), " +
		"COALESCE((SELECT seq FROM " + FloorTable + " WHERE id = 1), 0))").Row(&seq)
	return seq, err
}

// Floor is the newest seq retention dropped by age: a cursor below it has
// missed changes the log no longer holds.
func Floor(app core.App) (int64, error) {
	var seq int64
	err := app.DB().NewQuery("SELECT COALESCE((SELECT seq FROM " + FloorTable + " WHERE id = 1), 0)").Row(&seq)
	return seq, err
}

// After returns up to limit rows with seq > cursor, in seq order, for every
// audience (the poke decides per client in memory).
func After(app core.App, cursor int64, limit int) ([]Row, error) {
	rows := []Row{}
	err := app.DB().NewQuery("SELECT seq, collection, record_id, audience, created FROM " + Table +
		" WHERE seq > {:cursor} ORDER BY seq LIMIT {:limit}").
		Bind(dbx.Params{"cursor": cursor, "limit": limit}).All(&rows)
	return rows, err
}
