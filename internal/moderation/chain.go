package moderation

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The audit log is a hash chain. Each entry has a sequence number (1, 2, …),
// the hash of the entry before it (prev_hash, "" for the first) and its own
// hash: SHA-256 over a canonical encoding of chainFields. Changing, deleting
// or inserting a line below the API (SQL on the database file) breaks the
// chain where it happened, and `hug audit verify` says where (verify.go).
//
// The chain covers the actor's account id, not a name: deleting an account
// leaves the chain intact and the line without personal data.

// chainVersion starts the encoding; a change of chainFields needs a new one.
const chainVersion = "hug-audit-v1"

// chainFields are the columns an entry's hash covers, in this order. A column
// added to the collection later is not covered (old hashes stay valid).
var chainFields = []string{
	"id", "seq", "prev_hash", "created", "actor_id", "action",
	"target_collection", "target_id", "from_status", "to_status", "reason", "detail",
}

// entryHash is the hash of an entry whose column values value returns, as
// SQLite stores them (see rowValue).
func entryHash(value func(column string) string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", chainVersion)
	for _, column := range chainFields {
		v := value(column)
		// name, byte length, value: no value can pass for another.
		fmt.Fprintf(h, "%s %d %s\n", column, len(v), v)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordValue reads a column of a record about to be saved, formatted as it
// will be stored.
func recordValue(r *core.Record) func(string) string {
	return func(column string) string {
		switch column {
		case "id":
			return r.Id
		case "seq":
			return strconv.Itoa(r.GetInt("seq"))
		case "created":
			return r.GetDateTime("created").String()
		}
		return r.GetString(column)
	}
}

// rowValue reads a column of a stored row; a missing column reads as "".
func rowValue(row dbx.NullStringMap) func(string) string {
	return func(column string) string {
		v := row[column].String
		if column == "seq" {
			return canonicalSeq(v)
		}
		return v
	}
}

// canonicalSeq writes an integral number without decimals ("3", not "3.0").
func canonicalSeq(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) {
		return v
	}
	return strconv.FormatInt(int64(f), 10)
}

// head is the last entry of the chain.
type head struct {
	Seq  int
	Hash string
}

func chainHead(db dbx.Builder) (head, error) {
	var h head
	err := db.NewQuery("SELECT CAST(seq AS INTEGER) AS seq, hash FROM "+AuditCollection+
		" ORDER BY seq DESC LIMIT 1").Row(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return head{}, nil
	}
	return h, err
}

// bindChain links every new entry, whoever saves it, to the head of the
// chain. The head is read and the entry inserted in one transaction (the
// decision's own when there is one): SQLite has one writer at a time, so
// concurrent decisions queue and each sees the entry before it; the unique
// index on seq refuses a fork should that ever fail
// (TestConcurrentDecisionsKeepOneChain).
func bindChain(app core.App) {
	app.OnRecordCreate(AuditCollection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hugAuditChain",
		Func: func(e *core.RecordEvent) error {
			outer := e.App
			err := outer.RunInTransaction(func(txApp core.App) error {
				last, err := chainHead(txApp.NonconcurrentDB())
				if err != nil {
					return err
				}
				now := types.NowDateTime()
				e.Record.SetRaw("created", now)
				e.Record.SetRaw("updated", now)
				e.Record.Set("seq", last.Seq+1)
				e.Record.Set("prev_hash", last.Hash)
				e.Record.Set("hash", entryHash(recordValue(e.Record)))
				e.App = txApp
				return e.Next()
			})
			// The after-save hooks run after the commit, with the caller's app.
			e.App = outer
			return err
		},
	})
}

// chainUnchained appends the entries without a hash (those written before
// the chain existed) to the chain, oldest first. It writes with SQL, below
// the record hooks that keep the log append-only; only the migration that
// introduced the chain calls it.
func chainUnchained(txApp core.App) error {
	db := txApp.NonconcurrentDB()
	last, err := chainHead(db)
	if err != nil {
		return err
	}
	rows := []dbx.NullStringMap{}
	if err := db.NewQuery("SELECT * FROM " + AuditCollection + " WHERE hash = '' OR hash IS NULL ORDER BY created, id").All(&rows); err != nil {
		return err
	}
	for _, row := range rows {
		last.Seq++
		row["seq"] = sql.NullString{String: strconv.Itoa(last.Seq), Valid: true}
		row["prev_hash"] = sql.NullString{String: last.Hash, Valid: true}
		last.Hash = entryHash(rowValue(row))
		_, err := db.Update(AuditCollection, dbx.Params{"seq": last.Seq, "prev_hash": row["prev_hash"].String, "hash": last.Hash},
			dbx.HashExp{"id": row["id"].String}).Execute()
		if err != nil {
			return err
		}
	}
	return nil
}
