// Package durability drives the real hub binary over loopback to check
// that pushed mutations land exactly once across SIGKILLs and lost
// answers: the SIGKILL test (internal/mutations) and the durability run
// (Run; `make durability`, cmd/durability) use it.
package durability

import (
	"bytes"
	"encoding/json"
	"errors"
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

// Build compiles the hub in root with the crash points
// (internal/mutations/crash_on.go) into dir and returns the binary. It
// never uses ./hug: that binary has no crash points and may be stale.
func Build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "hug-crashtest")
	cmd := exec.Command("go", "build", "-tags", "hugcrashtest", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// Server is one hub process on a loopback port with its own data dir.
type Server struct {
	Bin, Root, Dir string
	Addr           string // 127.0.0.1:port
	Log            io.Writer
	cmd            *exec.Cmd
	done           chan struct{} // closed when the process has ended
	waitErr        error
}

// NewServer picks a free loopback port for a hub on dataDir.
func NewServer(bin, root, dataDir string) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	return &Server{Bin: bin, Root: root, Dir: dataDir, Addr: addr, Log: io.Discard}, nil
}

// URL is the hub's base URL.
func (s *Server) URL() string { return "http://" + s.Addr }

// Start runs the hub (demo data on first start) with extra environment
// (the crash points) and waits until it answers.
func (s *Server) Start(env ...string) error {
	// --dev=false: the binary is built in a temporary directory, which
	// PocketBase takes for `go run` and answers with dev mode, printing
	// every SQL statement into the test's log.
	s.cmd = exec.Command(s.Bin, "serve", "--dev=false", "--http="+s.Addr, "--dir="+s.Dir, "--demo",
		"--migrationsDir="+filepath.Join(s.Root, "pb_migrations"), "--hooksDir="+filepath.Join(s.Root, "pb_hooks"),
		"--publicDir="+filepath.Join(s.Root, "pb_public"))
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.Log, s.Log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	s.done = done
	go func(cmd *exec.Cmd) { s.waitErr = cmd.Wait(); close(done) }(s.cmd)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			s.cmd = nil
			return fmt.Errorf("the hub exited at start: %v", s.waitErr)
		default:
		}
		res, err := http.Get(s.URL() + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Kill()
	return errors.New("the hub did not answer within 60 s")
}

// Kill sends SIGKILL (no clean shutdown) and waits for the process to go.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// Wait waits up to d for the process to end by itself and reports whether
// it was killed by SIGKILL.
func (s *Server) Wait(d time.Duration) (killed bool, err error) {
	if s.done == nil {
		return false, errors.New("never started")
	}
	select {
	case <-s.done:
		err = s.waitErr
	case <-time.After(d):
		return false, errors.New("still running")
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if status, ok := exit.Sys().(syscall.WaitStatus); ok && status.Signaled() && status.Signal() == syscall.SIGKILL {
			killed = true
		}
	}
	s.cmd = nil
	return killed, nil
}

// OpenActivities are the approved activities still taking registrations
// (public, read as a guest), soonest last.
func OpenActivities(base string) ([]string, error) {
	c := &Client{Base: base, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var list struct {
		Items []struct {
			ID                   string `json:"id"`
			Status               string `json:"status"`
			RegistrationRequired bool   `json:"registration_required"`
			StartsAt             string `json:"starts_at"`
		}
	}
	if _, err := c.Do(http.MethodGet, "/api/collections/activities/records?perPage=500", nil, &list); err != nil {
		return nil, err
	}
	var ids []string
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	for _, a := range list.Items {
		if a.Status == "approved" && a.RegistrationRequired && a.StartsAt > now {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("no open activity in the demo data")
	}
	return ids, nil
}

// Client speaks the hub's API as a phone does.
type Client struct {
	Base  string
	Token string
	HTTP  *http.Client
}

// SignIn signs in with a password and returns the client and the user id.
func SignIn(base, email, password string) (*Client, string, error) {
	c := &Client{Base: base, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var auth struct {
		Token  string
		Record struct{ ID string }
	}
	status, err := c.Do(http.MethodPost, "/api/collections/users/auth-with-password", map[string]any{"identity": email, "password": password}, &auth)
	if err != nil {
		return nil, "", err
	}
	if status != http.StatusOK {
		return nil, "", fmt.Errorf("sign-in %s: %d", email, status)
	}
	c.Token = auth.Token
	return c, auth.Record.ID, nil
}

// Do sends a JSON request and decodes a JSON answer into out (if not nil).
func (c *Client) Do(method, path string, body any, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.Base+path, r)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "it")
	if c.Token != "" {
		req.Header.Set("Authorization", c.Token)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, err
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %v: %s", method, path, err, data)
		}
	}
	return res.StatusCode, nil
}

// Mutation is one mutation as a phone sends it.
type Mutation struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Args map[string]any `json:"args"`
}

// Outcome is the hub's answer for one mutation.
type Outcome struct {
	ID       string          `json:"id"`
	Status   string          `json:"status"`
	Record   json.RawMessage `json:"record"`
	Decided  map[string]any  `json:"decided"`
	Replayed bool            `json:"replayed"`
	Error    *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Push sends a batch; err for a lost answer (connection cut, a killed hub).
func (c *Client) Push(batch []Mutation) ([]Outcome, int, error) {
	var res struct{ Results []Outcome }
	status, err := c.Do(http.MethodPost, "/api/hub/mutations", map[string]any{"mutations": batch}, &res)
	return res.Results, status, err
}
