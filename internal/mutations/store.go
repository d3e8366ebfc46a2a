package mutations

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Table is the plain table of stored outcomes
// (pb_migrations/1764810000_hub_mutations.js).
const Table = "hub_mutations"

// Outcome is what the hub answers for one mutation, and what it stores.
type Outcome struct {
	ID       string          `json:"id"`
	Status   string          `json:"status"` // applied or rejected
	Record   json.RawMessage `json:"record,omitempty"`
	Decided  map[string]any  `json:"decided,omitempty"`
	Error    *OutcomeError   `json:"error,omitempty"`
	Replayed bool            `json:"replayed,omitempty"`
}

// OutcomeError is a rejection: the stable code, the message in the
// caller's language, the status the records API would have answered and
// the fields it is about ({field: {code, message}}), as the records API's
// error body has them.
type OutcomeError struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Status  int            `json:"status"`
	Data    map[string]any `json:"data"`
}

const (
	statusApplied  = "applied"
	statusRejected = "rejected"
)

// argsHash identifies a mutation's content: its name and its arguments in
// a canonical form (keys sorted, whitespace dropped).
func argsHash(name string, args json.RawMessage) string {
	canonical := []byte("null")
	var v any
	dec := json.NewDecoder(bytesReader(args))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		canonical, _ = json.Marshal(v)
	} else if len(args) > 0 {
		canonical = args
	}
	sum := sha256.Sum256(append([]byte(name+"\x00"), canonical...))
	return hex.EncodeToString(sum[:])
}

type storedRow struct {
	Hash    string `db:"hash"`
	Outcome string `db:"outcome"`
}

// stored finds the outcome of (user, mutation), if there is one.
func stored(app core.App, user, mutation string) (*storedRow, error) {
	var row storedRow
	err := app.DB().Select("hash", "outcome").From(Table).
		Where(dbx.HashExp{"user": user, "mutation": mutation}).Limit(1).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &row, nil
}

// store writes an outcome; app is the mutation's transaction.
func store(app core.App, user, name, hash string, o Outcome) error {
	data, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = app.DB().Insert(Table, dbx.Params{
		"user": user, "mutation": o.ID, "name": name, "hash": hash,
		"status": o.Status, "outcome": string(data), "created": time.Now().UnixMilli(),
	}).Execute()
	return err
}
