package push_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/push"
)

func post(h *hub, token, lang string, body any) hubtest.Response {
	h.t.Helper()
	req := hubtest.Request{Method: "POST", URL: "/api/hub/push/subscriptions", Token: token, Body: body}
	if lang != "" {
		req.Header = map[string]string{"Accept-Language": lang}
	}
	return hubtest.Do(h.t, h.app, req)
}

func subscription(endpoint, p256dh, auth string) map[string]any {
	return map[string]any{"endpoint": endpoint, "keys": map[string]string{"p256dh": p256dh, "auth": auth}}
}

// errorCode is the stable code of a refusal and its message.
func errorCode(t *testing.T, res hubtest.Response) (code, message string) {
	t.Helper()
	var body struct {
		Message string
		Data    map[string]struct{ Code, Message string }
	}
	res.JSON(t, &body)
	for _, v := range body.Data {
		return v.Code, body.Message
	}
	return "", body.Message
}

// Only the browsers' push services, and the operator's extra origins, are
// endpoints: anything else would make the hub post wherever a caller
// says (a relay). The refusal is in the caller's language.
func TestEndpointsOnlyOfKnownPushServices(t *testing.T) {
	h := newHub(t)
	p, a := browserKeys(t)
	for _, endpoint := range []string{
		"https://evil.example/push/1",
		"http://fcm.googleapis.com/fcm/send/x",         // not https
		"https://fcm.googleapis.com.evil.example/x",    // a look-alike host
		"https://user@fcm.googleapis.com/fcm/send/x",   // user info
		"https://fcm.googleapis.com:8443/fcm/send/x",   // another port
		"https://push.services.mozilla.com.evil.org/x", // wildcard look-alike
		"https://evilpush.services.mozilla.com/x",      // not under the domain
		"https://attackernotify.windows.com/x",
		"https://127.0.0.1:1/push/x",
		strings.Replace(h.double.Endpoint("x"), "127.0.0.1", "localhost", 1), // allowed origin is exact
	} {
		res := post(h, "", "ar", subscription(endpoint, p, a))
		code, msg := errorCode(t, res)
		if res.Status != 400 || code != "push_endpoint_not_allowed" {
			t.Errorf("%s: %d %s", endpoint, res.Status, res.Body)
		}
		if !strings.Contains(msg, "Google") || !strings.ContainsAny(msg, "ابتث") {
			t.Errorf("%s: message %q is not the Arabic one", endpoint, msg)
		}
	}
	for _, endpoint := range []string{
		"https://fcm.googleapis.com/fcm/send/abc:APA91b",
		"https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
		"https://web.push.apple.com/QOz1",
		"https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
		h.double.Endpoint("x"),
	} {
		if res := post(h, "", "", subscription(endpoint, p, a)); res.Status != 200 {
			t.Errorf("%s: %d %s", endpoint, res.Status, res.Body)
		}
	}
	if n, _ := h.app.CountRecords("push_subscriptions", dbx.NewExp("endpoint != {:f}", dbx.Params{"f": hubtest.PushEndpoint})); n != 5 {
		t.Errorf("%d subscriptions stored", n)
	}
}

// Keys that are not a P-256 point or an auth secret of 16 bytes, a body
// too large, choices that are not an object: refused, each with its own
// localized message. A language the hub lacks is corrected along the
// hub's chain, not refused.
func TestBadSubscriptionsAreRefusedClearly(t *testing.T) {
	h := newHub(t)
	p, a := browserKeys(t)
	endpoint := h.double.Endpoint("x")
	notOnCurve := "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"p256dh not on the curve", subscription(endpoint, notOnCurve, a), 400, "push_key_invalid"},
		{"p256dh compressed", subscription(endpoint, p[:44], a), 400, "push_key_invalid"},
		{"p256dh not base64url", subscription(endpoint, "%%%", a), 400, "push_key_invalid"},
		{"auth of 15 bytes", subscription(endpoint, p, a[:20]), 400, "push_auth_invalid"},
		{"no endpoint", subscription("", p, a), 400, "push_endpoint_invalid"},
		{"receive not an object", map[string]any{"endpoint": endpoint, "keys": map[string]string{"p256dh": p, "auth": a}, "receive": []int{1}}, 400, "push_receive_invalid"},
		{"too large", map[string]any{"endpoint": endpoint, "keys": map[string]string{"p256dh": p, "auth": a}, "receive": map[string]string{"x": strings.Repeat("x", push.MaxBody)}}, 413, "push_body_too_large"},
		{"not JSON", strings.NewReader("{"), 400, "push_body_invalid"},
	}
	for _, c := range cases {
		res := post(h, "", "uk", c.body)
		code, msg := errorCode(t, res)
		if res.Status != c.status || code != c.code {
			t.Errorf("%s: %d %s", c.name, res.Status, res.Body)
		}
		if !strings.ContainsAny(msg, "абвгдежзийклмнопрстуфхцчшщьюяєії") {
			t.Errorf("%s: message %q is not Ukrainian", c.name, msg)
		}
	}
	if n, _ := h.app.CountRecords("push_subscriptions", dbx.HashExp{"endpoint": endpoint}); n != 0 {
		t.Fatalf("%d stored", n)
	}
	for lang, want := range map[string]string{"xx": "it", "ar-EG": "ar", "": "it", "zh-Hans-CN": "zh"} {
		body := subscription(endpoint, p, a)
		body["language"] = lang
		res := post(h, "", "", body)
		var got push.Subscription
		res.JSON(t, &got)
		if res.Status != 200 || got.Language != want {
			t.Errorf("language %q: %d %s, want %s", lang, res.Status, res.Body, want)
		}
	}
}

// One row per endpoint: the app posts its subscription at every start, and
// each post refreshes it (keys, language, choices, last_seen, the account
// of the token, never one the body names). Signing out and posting again
// makes it a guest's. DELETE removes it.
func TestResubscribingUpdatesOneRow(t *testing.T) {
	h := newHub(t)
	family := hubtest.Token(t, h.app, "users", hubtest.FamilyEmail)
	other, _ := h.app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	p, a := browserKeys(t)
	endpoint := h.double.Endpoint("x")
	body := subscription(endpoint, p, a)
	body["user"] = other.Id
	body["language"] = "ro"
	if res := post(h, family, "", body); res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	first, _ := h.app.FindFirstRecordByData("push_subscriptions", "endpoint", endpoint)
	me, _ := h.app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if first.GetString("user") != me.Id || first.GetString("language") != "ro" {
		t.Fatalf("stored %v", first.PublicExport())
	}
	p2, a2 := browserKeys(t)
	body = subscription(endpoint, p2, a2)
	body["language"] = "sq"
	group := hubtest.BySlug(t, h.app, "groups", "0-6-anni").Id // a public group: a guest may follow it
	body["receive"] = map[string]any{"groups": []string{group}}
	if res := post(h, "", "", body); res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	rows, _ := h.app.FindAllRecords("push_subscriptions", dbx.HashExp{"endpoint": endpoint})
	if len(rows) != 1 {
		t.Fatalf("%d rows for one endpoint", len(rows))
	}
	r := rows[0]
	if r.Id != first.Id || r.GetString("p256dh") != p2 || r.GetString("language") != "sq" || r.GetString("user") != "" ||
		!strings.Contains(r.GetString("receive"), group) || !r.GetDateTime("last_seen").Time().After(first.GetDateTime("last_seen").Time()) {
		t.Fatalf("after the second post: %v", r.PublicExport())
	}
	res := hubtest.Do(t, h.app, hubtest.Request{Method: "DELETE", URL: "/api/hub/push/subscriptions", Body: map[string]string{"endpoint": endpoint}})
	if res.Status != 204 {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if n, _ := h.app.CountRecords("push_subscriptions", dbx.HashExp{"endpoint": endpoint}); n != 0 {
		t.Fatal("still subscribed")
	}
}

// At most MaxPerAccount subscriptions per account and MaxPerAddress new
// ones per address and hour; the refusal is a localized 429.
func TestSubscriptionLimits(t *testing.T) {
	h := newHub(t)
	family := hubtest.Token(t, h.app, "users", hubtest.OtherFamilyEmail) // no subscription yet
	p, a := browserKeys(t)
	for i := range push.MaxPerAccount {
		if res := post(h, family, "", subscription(h.double.Endpoint("acc"+string(rune('a'+i))), p, a)); res.Status != 200 {
			t.Fatalf("%d: %d %s", i, res.Status, res.Body)
		}
	}
	res := post(h, family, "fr", subscription(h.double.Endpoint("acc-over"), p, a))
	if code, msg := errorCode(t, res); res.Status != 429 || code != "push_too_many_devices" || !strings.Contains(msg, "appareils") {
		t.Fatalf("account over the limit: %d %s", res.Status, res.Body)
	}
	// The guests of one address (the account's count towards it too).
	for i := push.MaxPerAccount; i < push.MaxPerAddress; i++ {
		if res := post(h, "", "", subscription(h.double.Endpoint("g"+string(rune('a'+i))), p, a)); res.Status != 200 {
			t.Fatalf("%d: %d %s", i, res.Status, res.Body)
		}
	}
	res = post(h, "", "fr", subscription(h.double.Endpoint("g-over"), p, a))
	if code, msg := errorCode(t, res); res.Status != 429 || code != "push_too_many_from_address" || !strings.Contains(msg, "réseau") {
		t.Fatalf("address over the limit: %d %s", res.Status, res.Body)
	}
	// Posting again an endpoint it already has is not a new subscription.
	if res := post(h, "", "", subscription(h.double.Endpoint("g"+string(rune('a'+push.MaxPerAccount))), p, a)); res.Status != 200 {
		t.Fatalf("a re-post was limited: %d %s", res.Status, res.Body)
	}
}
