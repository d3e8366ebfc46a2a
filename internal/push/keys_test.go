package push_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/logger"
	"github.com/spf13/cobra"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/push"
)

// The pair is made once, on the first start, into pb_data with mode 0600;
// later starts read the same pair; a damaged file is an error, never a
// reason to make new keys (that would break every subscription).
func TestKeysAreMadeOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	first, err := push.LoadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, push.KeysFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("keys file: %v %v", info.Mode(), err)
	}
	again, err := push.LoadKeys(dir)
	if err != nil || again != first {
		t.Fatalf("second start: %v, a different pair: %v", err, again != first)
	}
	os.Chmod(filepath.Join(dir, push.KeysFile), 0o644) // a careless copy
	if _, err := push.LoadKeys(dir); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(filepath.Join(dir, push.KeysFile)); info.Mode().Perm() != 0o600 {
		t.Errorf("mode left at %v", info.Mode())
	}
	os.WriteFile(filepath.Join(dir, push.KeysFile), []byte(`{"publicKey": "x", `), 0o600)
	if _, err := push.LoadKeys(dir); err == nil {
		t.Fatal("a damaged key file was replaced")
	}
	if raw, _ := os.ReadFile(filepath.Join(dir, push.KeysFile)); string(raw) != `{"publicKey": "x", ` {
		t.Fatal("the damaged file was overwritten")
	}
}

func run(t *testing.T, cmd *cobra.Command, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return out.String(), errOut.String(), err
}

// `hug push keys` prints the public key the API gives; `hug push rotate`
// changes nothing without --confirm, and warns either way that every
// subscription must be renewed.
func TestKeysCommandAndGuardedRotation(t *testing.T) {
	h := newHub(t)
	var api struct{ PublicKey string }
	hubtest.Do(t, h.app, hubtest.Request{Method: "GET", URL: "/api/hub/push/key"}).JSON(t, &api)
	out, _, err := run(t, push.NewCommand(h.app), "keys")
	if err != nil || strings.TrimSpace(out) != api.PublicKey || len(api.PublicKey) != 87 {
		t.Fatalf("keys: %q %v, API %q", out, err, api.PublicKey)
	}
	out, warning, err := run(t, push.NewCommand(h.app), "rotate")
	if err == nil || out != "" || !strings.Contains(warning, "EVERY push subscription") {
		t.Fatalf("rotate without --confirm: %q %q %v", out, warning, err)
	}
	if keys, _ := push.LoadKeys(h.app.DataDir()); keys.Public != api.PublicKey {
		t.Fatal("rotated without --confirm")
	}
	out, warning, err = run(t, push.NewCommand(h.app), "rotate", "--confirm")
	keys, _ := push.LoadKeys(h.app.DataDir())
	if err != nil || strings.TrimSpace(out) != keys.Public || keys.Public == api.PublicKey || !strings.Contains(warning, "EVERY push subscription") {
		t.Fatalf("rotate --confirm: %q %q %v", out, warning, err)
	}
}

// The private key signs and nothing else: no API answer carries it, nor
// any log line of requests that succeed or fail, nor a delivery's.
func TestThePrivateKeyNeverLeavesTheServer(t *testing.T) {
	h := newHubWith(t, func(app *tests.TestApp) {
		app.Settings().Logs.MaxDays = 7   // the template keeps none
		app.Settings().Logs.MinLevel = -4 // debug and up
		app.Logger().Handler().(*logger.BatchHandler).SetLevel(-4)
	})
	keys, err := push.LoadKeys(h.app.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	p, a := browserKeys(t)
	var answers [][]byte
	for _, r := range []hubtest.Request{
		{Method: "GET", URL: "/api/hub/push/key"},
		{Method: "POST", URL: "/api/hub/push/subscriptions", Body: subscription(h.double.Endpoint("x"), p, a)},
		{Method: "POST", URL: "/api/hub/push/subscriptions", Body: subscription("https://evil.example/x", p, a)},
		{Method: "POST", URL: "/api/hub/push/subscriptions", Body: "not an object"},
		{Method: "GET", URL: "/api/hub/config"},
		{Method: "GET", URL: "/api/collections/push_subscriptions/records"},
		{Method: "GET", URL: "/api/hub/push/nothing"},
	} {
		res := hubtest.Do(t, h.app, r)
		answers = append(answers, res.Body)
		for _, v := range res.Header {
			answers = append(answers, []byte(strings.Join(v, " ")))
		}
	}
	sub := h.subscribe("a", "")
	h.double.SetMode("a", modeOnce(500, 0))
	h.enqueue(push.Delivery{Subscription: sub, Notification: "n", Payload: []byte("x")})
	waitFor(t, 5*time.Second, "delivered", func() bool { return len(received(h.double, "a", 201)) == 1 })
	h.app.Logger().Handler().(*logger.BatchHandler).WriteAll(context.WithValue(context.Background(), logger.BlockKey, true))
	var logs []struct{ Message, Data string }
	if err := h.app.AuxDB().NewQuery("SELECT message, data FROM _logs").All(&logs); err != nil {
		t.Fatal(err)
	}
	if len(logs) < 5 {
		t.Fatalf("%d log lines to look into", len(logs))
	}
	for _, l := range logs {
		answers = append(answers, []byte(l.Message+l.Data))
	}
	for _, m := range h.double.Received("a") {
		answers = append(answers, []byte(m.Payload+m.Subject))
	}
	for _, b := range answers {
		if bytes.Contains(b, []byte(keys.Private)) {
			t.Fatalf("the private key is in %q", b)
		}
	}
}
