package pushtest_test

import (
	"crypto/ecdh"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/cremona/hug/internal/push/pushtest"
)

func b64(t *testing.T, s string) []byte {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// RFC 8291, Appendix A: the receiver's keys and the message as sent.
func TestDecryptsRFC8291AppendixA(t *testing.T) {
	ua, err := ecdh.P256().NewPrivateKey(b64(t, "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"))
	if err != nil {
		t.Fatal(err)
	}
	if got := base64.RawURLEncoding.EncodeToString(ua.PublicKey().Bytes()); got != "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4" {
		t.Fatalf("ua_public = %s", got)
	}
	body := b64(t, "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN")
	plain, err := pushtest.Decrypt(body, ua, b64(t, "BTBZMqHH6r4Tts7J_aSIgg"))
	if err != nil {
		t.Fatal(err)
	}
	if string(plain) != "When I grow up, I want to be a watermelon" {
		t.Fatalf("plaintext = %q", plain)
	}
	body[len(body)-3] ^= 1
	if _, err := pushtest.Decrypt(body, ua, b64(t, "BTBZMqHH6r4Tts7J_aSIgg")); err == nil {
		t.Fatal("a changed byte decrypted")
	}
}

func send(t *testing.T, d *pushtest.Double, id string, s pushtest.Subscriber, subscriber, msg string) *http.Response {
	return sendTo(t, d.Endpoint(id), s, subscriber, msg)
}

func sendTo(t *testing.T, endpoint string, s pushtest.Subscriber, subscriber, msg string) *http.Response {
	t.Helper()
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := webpush.SendNotification([]byte(msg), &webpush.Subscription{
		Endpoint: endpoint, Keys: webpush.Keys{P256dh: s.P256dh(), Auth: s.AuthKey()},
	}, &webpush.Options{Subscriber: subscriber, TTL: 60, Urgency: webpush.UrgencyHigh, Topic: "t1", VAPIDPublicKey: pub, VAPIDPrivateKey: priv,
		HTTPClient: &http.Client{Timeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// The double reads what webpush-go sends, checks its VAPID JWT, and
// refuses a "mailto:mailto:" subject as Apple does.
func TestDoubleChecksVAPIDAndDecrypts(t *testing.T) {
	d, err := pushtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := d.NewSubscriber("a")
	if resp := send(t, d, "a", s, "centro@example.org", "ciao"); resp.StatusCode != 201 {
		t.Fatalf("status %d: %+v", resp.StatusCode, d.Received("a"))
	}
	got := d.Received("a")[0]
	if got.Payload != "ciao" || !got.VAPIDOK || got.TTL != "60" || got.Urgency != "high" || got.Topic != "t1" || got.Subject != "mailto:centro@example.org" {
		t.Fatalf("received %+v", got)
	}
	if resp := send(t, d, "a", s, "mailto:centro@example.org", "ciao"); resp.StatusCode != 401 {
		t.Fatalf("mailto:mailto: accepted: %d", resp.StatusCode)
	}
	if m := d.Received("a")[1]; m.VAPIDOK || !strings.Contains(m.VAPIDError, "mailto:mailto:") {
		t.Fatalf("received %+v", m)
	}
	// aud must be the endpoint's origin: the same double reached as
	// localhost gets a JWT for another origin than its own.
	if resp := sendTo(t, strings.Replace(d.Endpoint("a"), "127.0.0.1", "localhost", 1), s, "centro@example.org", "ciao"); resp.StatusCode != 401 {
		t.Fatalf("a JWT for another origin accepted: %d", resp.StatusCode)
	}
	// A JWT whose exp is over 24 hours away (the double's clock 2 days back).
	d.Now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
	if resp := send(t, d, "a", s, "centro@example.org", "ciao"); resp.StatusCode != 401 {
		t.Fatalf("exp beyond 24 h accepted: %d", resp.StatusCode)
	}
}

func TestDoubleAnswersAsTold(t *testing.T) {
	d, err := pushtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := d.NewSubscriber("a")
	for _, status := range []int{404, 410, 413, 500} {
		d.SetMode("a", pushtest.Mode{Status: status})
		if resp := send(t, d, "a", s, "c@example.org", "x"); resp.StatusCode != status {
			t.Fatalf("asked %d, got %d", status, resp.StatusCode)
		}
	}
	d.SetMode("a", pushtest.Mode{Status: 429, RetryAfter: 7, Times: 1})
	if resp := send(t, d, "a", s, "c@example.org", "x"); resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("429: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := send(t, d, "a", s, "c@example.org", "x"); resp.StatusCode != 201 {
		t.Fatalf("after Times: %d", resp.StatusCode)
	}
}

// A JWT signed by another key than the one the header names is refused.
func TestVAPIDSignatureMustMatchItsKey(t *testing.T) {
	d, err := pushtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var header string
	capture := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		header = r.Header.Get("Authorization")
		return &http.Response{StatusCode: 201, Body: io.NopCloser(strings.NewReader(""))}, nil
	})}
	s := d.NewSubscriber("a")
	priv, pub, _ := webpush.GenerateVAPIDKeys()
	resp, err := webpush.SendNotification([]byte("x"), &webpush.Subscription{Endpoint: d.Endpoint("a"), Keys: webpush.Keys{P256dh: s.P256dh(), Auth: s.AuthKey()}},
		&webpush.Options{HTTPClient: capture, Subscriber: "c@example.org", VAPIDPublicKey: pub, VAPIDPrivateKey: priv})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := pushtest.CheckVAPID(header, d.URL, time.Now()); err != nil {
		t.Fatalf("a good header refused: %v", err)
	}
	_, other, _ := webpush.GenerateVAPIDKeys()
	forged := header[:strings.Index(header, "k=")+2] + other
	if _, err := pushtest.CheckVAPID(forged, d.URL, time.Now()); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("a JWT not signed by k accepted: %v", err)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
