package signin

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// budget is how many sign-in attempts a key may make in a window. The window
// starts at the key's first attempt and does not move with later ones, so a
// pause never lasts longer than one window, however much someone keeps
// trying: nobody can lock an account for good.
type budget struct {
	attempts int
	window   time.Duration
}

// The budgets (docs/SECURITY.md, L2). From one address, one account gets 5
// tries every 15 minutes; from everywhere, passwords 30 an hour and codes 10
// an hour, so one address alone (20 an hour at most) never pauses an account
// for everyone. Passwords and codes have separate budgets: wrong passwords
// never stop a code sent to the person's mailbox, and a sign-in with a code
// gives the password budget back.
var (
	passwordFromAddress = budget{5, 15 * time.Minute}
	passwordAccount     = budget{30, time.Hour}
	codeFromAddress     = budget{5, 15 * time.Minute}
	codeAccount         = budget{10, time.Hour}
	// A code dies after 5 tries; it lives 10 minutes anyway.
	oneCode = budget{5, time.Hour}
)

// spend takes one attempt from key's budget. It counts before the password
// or code is checked, so parallel requests cannot slip past the count. The
// counters are rows of hub_signin_attempts (pb_migrations/
// 1764300002_signin_limits.js): they hold across restarts, so a restart does
// not give anyone a fresh budget. It returns the attempt's number and how
// long until the window ends.
func spend(app core.App, key string, b budget) (int, time.Duration, error) {
	now := time.Now().Unix()
	window := int64(b.window / time.Second)
	var row struct {
		Attempts int   `db:"attempts"`
		Since    int64 `db:"since"`
	}
	err := app.NonconcurrentDB().NewQuery(`INSERT INTO hub_signin_attempts (key, attempts, since) VALUES ({:key}, 1, {:now})
		ON CONFLICT(key) DO UPDATE SET
			attempts = CASE WHEN {:now} - since >= {:window} THEN 1 ELSE attempts + 1 END,
			since = CASE WHEN {:now} - since >= {:window} THEN {:now} ELSE since END
		RETURNING attempts, since`).
		Bind(dbx.Params{"key": key, "now": now, "window": window}).
		One(&row)
	return row.Attempts, time.Duration(row.Since+window-now) * time.Second, err
}

// forget gives keys their whole budget back, with every per-address key
// under them ("key@address").
func forget(app core.App, keys ...string) error {
	for _, key := range keys {
		_, err := app.NonconcurrentDB().NewQuery(`DELETE FROM hub_signin_attempts
			WHERE key = {:key} OR substr(key, 1, {:n}) = {:prefix}`).
			Bind(dbx.Params{"key": key, "n": len(key) + 1, "prefix": key + "@"}).
			Execute()
		if err != nil {
			return err
		}
	}
	return nil
}

// purgeOld drops the counters whose window has ended.
func purgeOld(app core.App) error {
	_, err := app.NonconcurrentDB().NewQuery(`DELETE FROM hub_signin_attempts WHERE since < {:before}`).
		Bind(dbx.Params{"before": time.Now().Add(-2 * time.Hour).Unix()}).
		Execute()
	return err
}

func passwordKey(collection *core.Collection, identity string) string {
	return "password:" + collection.Id + ":" + strings.ToLower(strings.TrimSpace(identity))
}

func codeKey(recordID string) string { return "code:" + recordID }

func oneCodeKey(otpID string) string { return "code-tries:" + otpID }
