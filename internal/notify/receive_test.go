package notify_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/notify"
)

// TestAGuestFollowsOnlyWhatAGuestMay: what a subscription asks to receive
// is checked by notify's rule on the push endpoint too: a guest cannot ask
// for a family's kinds or follow a private group, and a refused
// subscription is not stored.
func TestAGuestFollowsOnlyWhatAGuestMay(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	private := hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug)
	public := hubtest.BySlug(t, app, "groups", "0-6-anni")
	post := func(endpoint, receive string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/push/subscriptions", Body: map[string]any{
			"endpoint": endpoint,
			"keys":     map[string]string{"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", "auth": "tBHItJI5svbpez7KI4CCXg"},
			"language": "it", "receive": rawJSON(receive),
		}})
	}
	for _, c := range []struct{ receive, code string }{
		{`{"kinds": ["appointment"]}`, notify.CodePrefsUnknownKind},
		{`{"groups": ["` + private.Id + `"]}`, notify.CodePrefsUnknownGroup},
		{`{"quiet": {"from": "25:00", "to": "08:00"}}`, notify.CodePrefsBadTime},
	} {
		endpoint := "https://fcm.googleapis.com/fcm/send/guest-" + c.code
		res := post(endpoint, c.receive)
		if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), c.code) {
			t.Errorf("%s: %d %s, want 400 %s", c.receive, res.Status, res.Body, c.code)
		}
		if r, _ := app.FindFirstRecordByData("push_subscriptions", "endpoint", endpoint); r != nil {
			t.Errorf("%s: the refused subscription was stored", c.receive)
		}
	}
	if res := post("https://fcm.googleapis.com/fcm/send/guest-ok", `{"kinds": ["announcement"], "groups": ["`+public.Id+`"]}`); res.Status != http.StatusOK {
		t.Errorf("a guest following a public group's announcements: %d %s", res.Status, res.Body)
	}
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }
