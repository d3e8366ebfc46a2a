// Package notify decides who is told what, and how: an inbox row for each
// signed-in recipient and, for each of their push subscriptions (and the
// guests' that follow what it is about), a text rendered in the
// subscription's language, filtered by the person's preferences, held by
// their quiet hours, neutral on the lock screen when it is sensitive, and
// queued for internal/push, all in the caller's transaction. Which events
// notify whom is the centre's policy, in pb_hooks/notify.pb.js (through
// the `$hub.notify` binding) and the reminders' cron (reminders.go).
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cremona/hug/internal/vocab"
)

// Notice is one event to tell people about.
type Notice struct {
	// Key names the event, stably ("offer:<registration>:<until>"): a
	// notice whose key was already sent is not sent again (a hook run
	// twice, the reminders' cron run twice or after a restart).
	Key  string `json:"key"`
	Kind string `json:"kind"` // vocab.NotifyKinds
	// Who: these accounts; the active members of Group and the
	// subscriptions that follow it; Everyone (every account and every
	// guest subscription that receives Kind).
	Users    []string `json:"users"`
	Group    string   `json:"group"`
	Everyone bool     `json:"everyone"`
	// What: message ids of locales/ with their parameters, or a staff
	// member's own multilingual words.
	Title Text   `json:"title"`
	Body  Text   `json:"body"`
	URL   string `json:"url"` // the screen a tap opens
	// Urgent goes through quiet hours (staff mark announcements urgent).
	Urgent bool `json:"urgent"`
	// Sensitive shows a neutral text on the lock screen unless the person
	// opted into previews (also implied by a sensitive kind or group).
	Sensitive bool `json:"sensitive"`
	// Announcement is the staff announcement it belongs to (the staff's
	// delivery counts).
	Announcement string `json:"announcement"`
	// TTL is how long a push service keeps it for a phone that is off (0:
	// push.DefaultTTL); a reminder is worthless after its date.
	TTL time.Duration `json:"-"`
	// TTLSeconds is TTL for the JS policies.
	TTLSeconds int `json:"ttl"`
}

// Text is what a title or a body says: a message of locales/ (ID) with its
// parameters, or Words, a multilingual text (a staff announcement's).
//
// A parameter is a string or number as is; a multilingual field's value
// ({"it": "…", "ar": "…"}) is read in the reader's language
// (multitext.Best); {"at": "<date>"} is a date and time, written in the
// reader's language and Rome time. "Count" picks the plural form.
type Text struct {
	ID     string         `json:"id,omitempty"`
	Params map[string]any `json:"params,omitempty"`
	Words  map[string]any `json:"text,omitempty"`
}

// ID is the notice's id: the same for every recipient, in the push
// payload ("id", by which the service worker drops one it already showed)
// and in each inbox row ("notice").
func (n Notice) ID() string {
	sum := sha256.Sum256([]byte(n.Key))
	return hex.EncodeToString(sum[:])[:15]
}

// check refuses a notice a policy got wrong: a programming error, not a
// person's (the policy's hook fails, and the write with it).
func (n *Notice) check() error {
	switch {
	case n.Key == "":
		return errors.New("notify: a notice needs a key")
	case !vocab.IsNotifyKind(n.Kind):
		return fmt.Errorf("notify: unknown kind %q", n.Kind)
	case n.Title.ID == "" && len(n.Title.Words) == 0:
		return errors.New("notify: a notice needs a title")
	case n.Everyone && (n.Group != "" || len(n.Users) > 0):
		return errors.New("notify: everyone, or a group and users")
	}
	if n.TTL == 0 && n.TTLSeconds > 0 {
		n.TTL = time.Duration(n.TTLSeconds) * time.Second
	}
	for _, k := range vocab.NotifySensitiveKinds {
		if k == n.Kind {
			n.Sensitive = true
		}
	}
	return nil
}

// decode reads a notice from the JS policies' object, strictly: a field
// the policy misspelled is an error, not a silent default.
func decode(raw []byte) (Notice, error) {
	var n Notice
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return n, fmt.Errorf("notify: %w", err)
	}
	return n, nil
}
