package mutations

import (
	"encoding/json"
	"time"

	"github.com/cremona/hug/internal/notify"
)

// Notifications (internal/notify): what a person receives, and their
// inbox read.
func init() {
	Register("set_notify_prefs", setNotifyPrefs)
	Register("read_notifications", readNotifications)
}

// setNotifyPrefs: the arguments are the preferences themselves
// (notify.Prefs); notify.ValidatePrefs refuses them with its own codes.
func setNotifyPrefs(c *Call, prefs *json.RawMessage) (Result, error) {
	me, err := c.Find("users", c.Auth.Id)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(me, map[string]any{"notify_prefs": *prefs}); err != nil {
		return Result{}, err
	}
	if err := notify.SetPrefs(c.App, me, *prefs); err != nil {
		return Result{}, err
	}
	return Result{Record: me}, nil
}

// ReadNotificationsArgs names the inbox rows read (empty: all of them).
type ReadNotificationsArgs struct {
	IDs []string `json:"ids"`
}

func (a *ReadNotificationsArgs) Validate() error {
	if len(a.IDs) > 500 {
		return badArgs("ids")
	}
	for _, id := range a.IDs {
		if err := checkRecordID("ids", id); err != nil {
			return err
		}
	}
	return nil
}

// readNotifications marks the caller's own rows read; another person's
// ids are ignored (they cannot see them: no hint that they exist).
func readNotifications(c *Call, a *ReadNotificationsArgs) (Result, error) {
	_, err := notify.MarkRead(c.App, c.Auth.Id, a.IDs, time.Now())
	return Result{}, err
}
