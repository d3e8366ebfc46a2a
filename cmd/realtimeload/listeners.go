package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// perAddress is how many listeners share one source address (127.0.1.x),
// as phones share a Wi-Fi or a carrier's NAT.
const perAddress = 100

// listeners are SSE connections subscribed to one topic; each records when
// the first event of the current round reached it.
type listeners struct {
	url, topic string
	conns      []net.Conn
	arrived    []*atomic.Int64 // unix nanoseconds, 0: not yet
	clients    map[int]*http.Client
	mu         sync.Mutex
}

func newListeners(url, topic string) *listeners {
	return &listeners{url: url, topic: topic, clients: map[int]*http.Client{}}
}

func sourceIP(i int) net.IP { return net.IPv4(127, 0, 1, byte(1+i/perAddress)) }

// grow connects listeners until there are n, 64 at a time.
func (l *listeners) grow(ctx context.Context, n int) error {
	from := len(l.conns)
	conns := make([]net.Conn, n-from)
	arrived := make([]*atomic.Int64, n-from)
	for i := range arrived {
		arrived[i] = new(atomic.Int64)
	}
	work := make(chan int)
	errs := make(chan error, 64)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for i := range work {
				c, err := l.connect(ctx, i, arrived[i-from])
				if err != nil {
					select {
					case errs <- fmt.Errorf("listener %d: %w", i, err):
					default:
					}
					continue
				}
				conns[i-from] = c
			}
		})
	}
	for i := from; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	l.conns = append(l.conns, conns...)
	l.arrived = append(l.arrived, arrived...)
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func (l *listeners) client(i int) *http.Client {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := i / perAddress
	if c, ok := l.clients[a]; ok {
		return c
	}
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: sourceIP(i)}, Timeout: 10 * time.Second}
	c := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 8}}
	l.clients[a] = c
	return c
}

// connect opens one SSE connection from listener i's address, subscribes
// it, and reads it until it closes.
func (l *listeners) connect(ctx context.Context, i int, arrived *atomic.Int64) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: sourceIP(i)}, Timeout: 10 * time.Second}
	host := strings.TrimPrefix(l.url, "http://")
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(conn, "GET /api/realtime HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", host)
	res, err := http.ReadResponse(bufio.NewReaderSize(conn, 1024), nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		conn.Close()
		return nil, fmt.Errorf("connect: %d", res.StatusCode)
	}
	body := bufio.NewReaderSize(res.Body, 512)
	clientID := ""
	for clientID == "" {
		line, err := body.ReadSlice('\n')
		if err != nil {
			conn.Close()
			return nil, err
		}
		if data, ok := bytes.CutPrefix(line, []byte("data:")); ok {
			var connect struct{ ClientID string }
			json.Unmarshal(data, &connect)
			clientID = connect.ClientID
		}
	}
	sub, _ := json.Marshal(map[string]any{"clientId": clientID, "subscriptions": []string{l.topic}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, l.url+"/api/realtime", bytes.NewReader(sub))
	req.Header.Set("Content-Type", "application/json")
	r, err := l.client(i).Do(req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	r.Body.Close()
	if r.StatusCode != http.StatusNoContent {
		conn.Close()
		return nil, fmt.Errorf("subscribe: %d", r.StatusCode)
	}
	event := []byte("event:" + l.topic)
	go func() {
		for {
			line, err := body.ReadSlice('\n')
			if err != nil {
				return
			}
			if bytes.HasPrefix(line, event) {
				arrived.CompareAndSwap(0, time.Now().UnixNano())
			}
		}
	}()
	return conn, nil
}

func (l *listeners) reset() {
	for _, a := range l.arrived {
		a.Store(0)
	}
}

// wait returns each listener's delay after t0 (-1: not reached) once all
// were reached or timeout passed.
func (l *listeners) wait(t0 time.Time, timeout time.Duration) []time.Duration {
	deadline := t0.Add(timeout)
	for {
		reached := 0
		for _, a := range l.arrived {
			if a.Load() != 0 {
				reached++
			}
		}
		if reached == len(l.arrived) || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	out := make([]time.Duration, len(l.arrived))
	for i, a := range l.arrived {
		if v := a.Load(); v == 0 {
			out[i] = -1
		} else {
			out[i] = time.Duration(v - t0.UnixNano())
		}
	}
	return out
}

func (l *listeners) close() {
	for _, c := range l.conns {
		if c != nil {
			c.Close()
		}
	}
}
