package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
)

// writeInbox keeps n for each signed-in recipient: one row per person and
// notice (its id made from both, so a notice is never kept twice). Saved
// as records, so the change log tells each person's phones (audience
// user:<id>).
func writeInbox(tx core.App, notice string, n Notice, users []string) error {
	if len(users) == 0 {
		return nil
	}
	collection, err := tx.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	for _, user := range users {
		r := core.NewRecord(collection)
		r.Id = rowID(notice, user)
		r.Set("user", user)
		r.Set("notice", notice)
		r.Set("kind", n.Kind)
		r.Set("title", n.Title)
		r.Set("body", n.Body)
		r.Set("url", n.URL)
		r.Set("sensitive", n.Sensitive)
		if err := tx.Save(r); err != nil {
			return err
		}
	}
	return nil
}

func rowID(notice, user string) string {
	sum := sha256.Sum256([]byte(notice + "/" + user))
	return hex.EncodeToString(sum[:])[:15]
}

// MarkRead marks the person's notifications read at t (the
// read_notifications mutation): those named in ids, or all unread when
// ids is empty. Rows of anybody else are left alone, silently: an id the
// person cannot see is not theirs to learn about. Returns how many changed.
func MarkRead(txApp core.App, userID string, ids []string, t time.Time) (int, error) {
	where := dbx.And(dbx.HashExp{"user": userID, "read_at": ""})
	if len(ids) > 0 {
		in := make([]any, len(ids))
		for i, id := range ids {
			in[i] = id
		}
		where = dbx.And(where, dbx.In("id", in...))
	}
	rows, err := txApp.FindAllRecords(Collection, where)
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		r.Set("read_at", t)
		if err := txApp.Save(r); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// trackInbox syncs the inbox to its person alone, mirroring the view rule
// `user = @request.auth.id` (staff read every row of the log, but the
// rule loads none of another person's).
func trackInbox(app core.App) {
	changelog.Track(app, Collection, func(_ core.App, r *core.Record) ([]string, error) {
		return []string{changelog.User(r.GetString("user"))}, nil
	}, nil)
}
