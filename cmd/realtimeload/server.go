package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

const (
	benchEmail    = "bench@example.com"
	benchPassword = "bench-password-123"
	stockTopic    = "bench_posts/*"
)

// server is one app under test, started as a child process on loopback.
type server struct {
	kind  string
	url   string
	cmd   *exec.Cmd
	bin   string
	args  []string // before the command: stock-server for the stock app
	flags []string // after it: --dir and the hub's directories
	token string   // a superuser's
}

func startServer(ctx context.Context, kind, hubBin, root, dir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{kind: kind, url: "http://127.0.0.1:" + port}
	s.flags = []string{"--dir=" + filepath.Join(dir, "pb_data")}
	switch kind {
	case "hub":
		abs := func(p string) string { a, _ := filepath.Abs(filepath.Join(root, p)); return a }
		s.bin = hubBin
		s.flags = append(s.flags, "--migrationsDir="+abs("pb_migrations"), "--hooksDir="+abs("pb_hooks"), "--publicDir="+abs("pb_public"))
	case "stock":
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		s.bin, s.args = self, []string{stockCommand}
	}
	s.cmd = exec.CommandContext(ctx, s.bin, append(append(append([]string{}, s.args...), "serve", "--http=127.0.0.1:"+port), s.flags...)...)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, os.Stderr
	s.cmd.Cancel = func() error { return s.cmd.Process.Signal(syscall.SIGTERM) }
	s.cmd.WaitDelay = 10 * time.Second
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	if err := s.waitHealthy(ctx); err != nil {
		s.stop()
		return nil, err
	}
	// the superuser is made once the server has migrated the database
	upsert := exec.CommandContext(ctx, s.bin, append(append(append([]string{}, s.args...), "superuser", "upsert", benchEmail, benchPassword), s.flags...)...)
	if out, err := upsert.CombinedOutput(); err != nil {
		s.stop()
		return nil, fmt.Errorf("superuser upsert: %v %s", err, out)
	}
	var auth struct{ Token string }
	if err := s.call(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]any{"identity": benchEmail, "password": benchPassword}, &auth); err != nil {
		s.stop()
		return nil, err
	}
	s.token = auth.Token
	if kind == "stock" {
		// one collection, a one-field rule PocketBase checks per client with
		// one SQL query per event
		rule := "public = true"
		err := s.call(http.MethodPost, "/api/collections", map[string]any{
			"name": "bench_posts", "type": "base", "listRule": rule, "viewRule": rule,
			"fields": []map[string]any{{"name": "title", "type": "text"}, {"name": "public", "type": "bool"}},
		}, nil)
		if err != nil {
			s.stop()
			return nil, err
		}
	}
	return s, nil
}

func (s *server) topic() string {
	if s.kind == "hub" {
		return "hub/changes"
	}
	return stockTopic
}

// change makes one public change as a superuser: a published activity on
// the hub, a public post on the stock app.
func (s *server) change(n int) error {
	if s.kind == "hub" {
		day := time.Now().UTC().AddDate(0, 0, 30+n%300).Format(time.DateOnly)
		return s.call(http.MethodPost, "/api/collections/activities/records", map[string]any{
			"title": map[string]string{"it": fmt.Sprintf("Attività di prova %d", n)}, "kind": "play", "status": "approved",
			"starts_at": day + " 10:00:00.000Z", "ends_at": day + " 11:00:00.000Z",
		}, nil)
	}
	return s.call(http.MethodPost, "/api/collections/bench_posts/records", map[string]any{"title": fmt.Sprintf("post %d", n), "public": true}, nil)
}

func (s *server) call(method, path string, body, out any) error {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.url+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", s.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (s *server) waitHealthy(ctx context.Context) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res, err := http.Get(s.url + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer on %s", s.kind, s.url)
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port, nil
}
