package hub_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/seed"
)

// `make run` (demo and development mode on ADDR): the start message says
// where the hub is and how to move it, what each mode does, and lists as
// many logins as it announces.
func TestStartMessageSaysWhatMakeRunDoes(t *testing.T) {
	var console bytes.Buffer
	app := hubtest.NewAppWith(t, func(cfg *config.Config) {
		cfg.Demo, cfg.Dev, cfg.Console = true, true, &console
	})
	defer app.Cleanup()
	hubtest.HandlerAt(t, app, "127.0.0.1:8091")
	out := console.String()
	for _, want := range []string{
		"Hug is running:  http://127.0.0.1:8091",
		"make run ADDR=",
		"Demo mode (--demo)",
		"Development mode (--hugDev)",
		"pb_migrations/",
		"E-mail: demo mode, nothing is sent",
		"http://127.0.0.1:8091/dev/mail",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the start message lacks %q:\n%s", want, out)
		}
	}
	announced := regexp.MustCompile(`Demo logins \((\d+) accounts`).FindStringSubmatch(out)
	listed := 0
	for _, a := range seed.Logins() {
		if strings.Contains(out, a.Email) && strings.Contains(out, a.Password) {
			listed++
		}
	}
	if announced == nil || announced[1] != fmt.Sprint(listed) || listed != len(seed.Accounts)+1 {
		t.Errorf("announced %v logins, listed %d (want every account and the superuser):\n%s", announced, listed, out)
	}
}

// Without demo mode and without SMTP the operator is told, at start and in
// the logs, that nobody can get a sign-in code; a production start says
// nothing of demo or development mode.
func TestStartWithoutMailSaysCodesCannotBeSent(t *testing.T) {
	var console bytes.Buffer
	app := hubtest.NewAppWith(t, func(cfg *config.Config) { cfg.Console = &console })
	defer app.Cleanup()
	app.Settings().Logs.MaxDays = 1 // PocketBase's test app keeps no logs
	hubtest.HandlerAt(t, app, "0.0.0.0:8090")
	out := console.String()
	if !strings.Contains(out, "CANNOT SEND E-MAIL") || !strings.Contains(out, "one-time code") {
		t.Errorf("the start message does not say that codes cannot be sent:\n%s", out)
	}
	if strings.Contains(out, "Demo") || strings.Contains(out, "Development mode") {
		t.Errorf("a production start talks of demo or development mode:\n%s", out)
	}
	deadline := time.Now().Add(8 * time.Second) // PocketBase writes logs in batches, every 3 s
	for {
		var logs []*core.Log
		err := app.LogQuery().AndWhere(dbx.Like("message", "CANNOT SEND E-MAIL")).All(&logs)
		if err == nil && len(logs) > 0 {
			if logs[0].Level != int(slog.LevelWarn) {
				t.Errorf("logged at level %d, want a warning", logs[0].Level)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the warning was not logged (%v)", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
