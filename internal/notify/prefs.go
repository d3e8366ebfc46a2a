package notify

import (
	"bytes"
	"encoding/json"
	"regexp"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/vocab"
)

// Prefs are what a person receives by push (users.notify_prefs; a guest's
// live in their subscription's `receive`, see Receive). Everything is on
// by default; the inbox keeps every notification whatever the choices.
//
//	{"kinds": {"reminder": false}, "groups": {"<group id>": false},
//	 "quiet": {"from": "21:00", "to": "08:00"}, "previews": false}
type Prefs struct {
	// Kinds turned off (false) or on (true, the default).
	Kinds map[string]bool `json:"kinds,omitempty"`
	// Groups turned off (false): nothing of that group by push.
	Groups map[string]bool `json:"groups,omitempty"`
	// Quiet hours in Rome time; nil: vocab's default. From == To: none.
	Quiet *Quiet `json:"quiet,omitempty"`
	// Previews shows sensitive notifications' text on the lock screen.
	Previews bool `json:"previews,omitempty"`
}

// Quiet is a stretch of the day, "HH:MM" to "HH:MM" (across midnight when
// To is earlier than From).
type Quiet struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Receive is a subscription's `receive`: for a guest, what it follows
// (Kinds: of vocab.NotifyGuestKinds, all of them when absent; Groups:
// public groups whose news and announcements it gets) and its quiet hours
// and previews; for a signed-in phone only Groups counts (groups it
// follows without being a member), the rest is the account's Prefs.
//
//	{"kinds": ["announcement"], "groups": ["<group id>"], "quiet": {"from": "22:00", "to": "07:00"}}
type Receive struct {
	Kinds    []string `json:"kinds,omitempty"`
	Groups   []string `json:"groups,omitempty"`
	Quiet    *Quiet   `json:"quiet,omitempty"`
	Previews bool     `json:"previews,omitempty"`
}

// The refusals of preferences (message ids in locales/).
const (
	CodePrefsInvalid      = "notify_prefs_invalid"       // not the shape above
	CodePrefsUnknownKind  = "notify_prefs_unknown_kind"  // a kind the hub does not have
	CodePrefsUnknownGroup = "notify_prefs_unknown_group" // a group that does not exist (or a guest may not follow)
	CodePrefsBadTime      = "notify_prefs_bad_time"      // quiet hours not HH:MM
)

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// strict decodes raw into v refusing unknown fields and trailing data.
func strict(raw []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if dec.Decode(v) != nil || dec.More() {
		return false
	}
	return true
}

func refuse(field, code, message string) error {
	return validation.Errors{field: validation.NewError(code, message)}
}

// ValidatePrefs checks a person's preferences (any path that saves
// users.notify_prefs: set_notify_prefs, the records API, the admin UI).
func ValidatePrefs(app core.App, raw []byte) error {
	if isEmptyJSON(raw) {
		return nil
	}
	var p Prefs
	if !strict(raw, &p) {
		return refuse("notify_prefs", CodePrefsInvalid, "These notification settings are not valid.")
	}
	for kind := range p.Kinds {
		if !vocab.IsNotifyKind(kind) {
			return refuse("notify_prefs", CodePrefsUnknownKind, "There is no such kind of notification.")
		}
	}
	for id := range p.Groups {
		if _, err := app.FindRecordById("groups", id); err != nil {
			return refuse("notify_prefs", CodePrefsUnknownGroup, "There is no such group.")
		}
	}
	return checkQuiet(p.Quiet)
}

// ValidateReceive checks a subscription's choices (internal/push calls it
// for POST /api/hub/push/subscriptions): a guest follows only guest kinds
// and public groups.
func ValidateReceive(app core.App, raw []byte) error {
	if isEmptyJSON(raw) {
		return nil
	}
	var r Receive
	if !strict(raw, &r) {
		return refuse("receive", CodePrefsInvalid, "These notification settings are not valid.")
	}
	for _, kind := range r.Kinds {
		if !contains(vocab.NotifyGuestKinds, kind) {
			return refuse("receive", CodePrefsUnknownKind, "There is no such kind of notification.")
		}
	}
	for _, id := range r.Groups {
		g, err := app.FindRecordById("groups", id)
		if err != nil || !g.GetBool("public") {
			return refuse("receive", CodePrefsUnknownGroup, "There is no such group.")
		}
	}
	if err := checkQuiet(r.Quiet); err != nil {
		return refuse("receive", CodePrefsBadTime, "Quiet hours go from a time to a time, such as 21:00 to 08:00.")
	}
	return nil
}

func checkQuiet(q *Quiet) error {
	if q != nil && (!hhmm.MatchString(q.From) || !hhmm.MatchString(q.To)) {
		return refuse("notify_prefs", CodePrefsBadTime, "Quiet hours go from a time to a time, such as 21:00 to 08:00.")
	}
	return nil
}

func isEmptyJSON(raw []byte) bool {
	s := string(bytes.TrimSpace(raw))
	return s == "" || s == "null" || s == "{}"
}

// SetPrefs saves a person's preferences (the set_notify_prefs mutation);
// refused preferences change nothing.
func SetPrefs(txApp core.App, user *core.Record, raw json.RawMessage) error {
	if err := ValidatePrefs(txApp, raw); err != nil {
		return err
	}
	user.Set("notify_prefs", raw)
	return txApp.Save(user)
}

// prefsOf reads a stored value leniently: a value saved before a rule
// changed still notifies with the defaults rather than failing a send.
func prefsOf(raw string) Prefs {
	var p Prefs
	_ = json.Unmarshal([]byte(raw), &p)
	return p
}

func receiveOf(raw string) Receive {
	var r Receive
	_ = json.Unmarshal([]byte(raw), &r)
	return r
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// quietUntil is when a notification that is not urgent may be shown to a
// person with quiet hours q at t: the zero time when t is outside them,
// else the end of the stretch (the next 08:00 by default), in Rome.
func quietUntil(q *Quiet, t time.Time) time.Time {
	from, to := vocab.QuietFrom, vocab.QuietTo
	if q != nil && hhmm.MatchString(q.From) && hhmm.MatchString(q.To) {
		from, to = q.From, q.To
	}
	if from == to {
		return time.Time{}
	}
	local := t.In(vocab.TimeZone)
	now := local.Format("15:04")
	var inside bool
	if from < to {
		inside = now >= from && now < to
	} else {
		inside = now >= from || now < to
	}
	if !inside {
		return time.Time{}
	}
	h, m := atoi(to[:2]), atoi(to[3:])
	end := time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, vocab.TimeZone)
	if !end.After(local) {
		end = time.Date(local.Year(), local.Month(), local.Day()+1, h, m, 0, 0, vocab.TimeZone)
	}
	return end.UTC()
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
