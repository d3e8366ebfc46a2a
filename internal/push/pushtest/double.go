// Package pushtest is a push service double for the hub's tests, its
// benchmark and the browser tests (cmd/pushdouble): it takes Web Push
// requests the way Google's, Mozilla's or Apple's services do, checks
// their VAPID JWT, decrypts their body with the subscription's private key
// and answers what a test asks (201, 404, 410, 413, 429 with Retry-After,
// 500, or no answer at all).
//
// HTTP API (for tests in other languages):
//
//	PUT  /subscribers/{id}  {"privateKey": "<raw d>", "publicKey": "<uncompressed point>", "auth": "…"} (base64url)
//	POST /push/{id}         the endpoint of subscriber id
//	GET  /received/{id}     [{"payload", "ttl", "urgency", "topic", "vapidOk", "vapidError", "status"}]
//	PUT  /mode/{id}         {"status": 410, "retryAfter": 2, "hang": false}
//	GET  /stats             {"delivered": n} (accepted with 201, every subscriber)
package pushtest

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Message is one request a subscriber's endpoint got.
type Message struct {
	Payload    string `json:"payload"` // decrypted
	TTL        string `json:"ttl"`
	Urgency    string `json:"urgency"`
	Topic      string `json:"topic"`
	VAPIDOK    bool   `json:"vapidOk"`
	VAPIDError string `json:"vapidError,omitempty"`
	Subject    string `json:"subject,omitempty"` // the VAPID sub
	Status     int    `json:"status"`            // what the double answered
	DecryptErr string `json:"decryptError,omitempty"`
}

// Mode is how a subscriber's endpoint answers.
type Mode struct {
	Status     int  `json:"status"`     // 0: 201
	RetryAfter int  `json:"retryAfter"` // seconds, sent with the status when > 0
	Hang       bool `json:"hang"`       // never answer (until the client gives up)
	// Times: the mode applies to this many requests, then 201 again (0: always).
	Times int `json:"times"`
}

// Subscriber is a browser's side of a subscription.
type Subscriber struct {
	Key  *ecdh.PrivateKey
	Auth []byte
}

// P256dh and AuthKey are the subscription's keys as PushSubscription.toJSON() gives them.
func (s Subscriber) P256dh() string {
	return base64.RawURLEncoding.EncodeToString(s.Key.PublicKey().Bytes())
}
func (s Subscriber) AuthKey() string { return base64.RawURLEncoding.EncodeToString(s.Auth) }

type subscriber struct {
	Subscriber
	mode     Mode
	received []Message
}

// Double is a running push service double.
type Double struct {
	URL    string // base, e.g. http://127.0.0.1:41234
	server *http.Server
	ln     net.Listener
	closed chan struct{}
	once   sync.Once

	mu    sync.Mutex
	subs  map[string]*subscriber
	delay time.Duration
	// Now is the double's clock for checking exp (tests may move it).
	Now func() time.Time
}

// Start listens on addr ("127.0.0.1:0" for any free port) and serves.
func Start(addr string) (*Double, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	d := &Double{URL: "http://" + ln.Addr().String(), ln: ln, closed: make(chan struct{}), subs: map[string]*subscriber{}, Now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /subscribers/{id}", d.handleSubscriber)
	mux.HandleFunc("POST /push/{id}", d.handlePush)
	mux.HandleFunc("GET /received/{id}", d.handleReceived)
	mux.HandleFunc("PUT /mode/{id}", d.handleMode)
	mux.HandleFunc("GET /stats", d.handleStats)
	d.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go d.server.Serve(ln)
	return d, nil
}

// Close stops the double; hanging requests are let go.
func (d *Double) Close() {
	d.once.Do(func() {
		close(d.closed)
		d.server.Close()
	})
}

// Endpoint is subscriber id's push endpoint.
func (d *Double) Endpoint(id string) string { return d.URL + "/push/" + id }

// NewSubscriber makes a subscriber with fresh keys, as a browser does.
func (d *Double) NewSubscriber(id string) Subscriber {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	s := Subscriber{Key: key, Auth: auth}
	d.AddSubscriber(id, s)
	return s
}

// AddSubscriber registers a subscriber's keys under id.
func (d *Double) AddSubscriber(id string, s Subscriber) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.subs[id] = &subscriber{Subscriber: s}
}

// SetDelay makes every endpoint take d to answer, as a real push service
// over the Internet does (the benchmark and the SIGKILL test).
func (d *Double) SetDelay(delay time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.delay = delay
}

// SetMode changes how id's endpoint answers.
func (d *Double) SetMode(id string, m Mode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.subs[id]; s != nil {
		s.mode = m
	}
}

// Received is what id's endpoint got, in order.
func (d *Double) Received(id string) []Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.subs[id]; s != nil {
		return append([]Message(nil), s.received...)
	}
	return nil
}

// Delivered is how many messages the double accepted (201), over all subscribers.
func (d *Double) Delivered() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, s := range d.subs {
		for _, m := range s.received {
			if m.Status == http.StatusCreated {
				n++
			}
		}
	}
	return n
}

func (d *Double) handlePush(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8192))
	id := r.PathValue("id")
	d.mu.Lock()
	s := d.subs[id]
	delay := d.delay
	var mode Mode
	if s != nil {
		mode = s.mode
		if s.mode.Times > 0 {
			if s.mode.Times--; s.mode.Times == 0 {
				s.mode = Mode{}
			}
		}
	}
	d.mu.Unlock()
	if s == nil {
		http.Error(w, "no such subscription", http.StatusGone)
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if mode.Hang {
		select {
		case <-r.Context().Done():
		case <-d.closed:
		}
		return
	}
	m := Message{TTL: r.Header.Get("TTL"), Urgency: r.Header.Get("Urgency"), Topic: r.Header.Get("Topic"), Status: http.StatusCreated}
	if mode.Status != 0 {
		m.Status = mode.Status
	}
	v, err := CheckVAPID(r.Header.Get("Authorization"), d.URL, d.Now())
	m.VAPIDOK, m.Subject = err == nil, v.Subject
	if err != nil {
		m.VAPIDError = err.Error()
		if mode.Status == 0 {
			m.Status = http.StatusUnauthorized
		}
	}
	if r.Header.Get("Content-Encoding") != "aes128gcm" {
		m.DecryptErr = "Content-Encoding is not aes128gcm"
	} else if plain, err := Decrypt(body, s.Key, s.Auth); err != nil {
		m.DecryptErr = err.Error()
	} else {
		m.Payload = string(plain)
	}
	if m.DecryptErr != "" && mode.Status == 0 {
		m.Status = http.StatusBadRequest
	}
	d.mu.Lock()
	s.received = append(s.received, m)
	d.mu.Unlock()
	if mode.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(mode.RetryAfter))
	}
	if m.Status == http.StatusCreated {
		w.Header().Set("Location", d.URL+"/message/"+id)
	}
	w.WriteHeader(m.Status)
}

func (d *Double) handleSubscriber(w http.ResponseWriter, r *http.Request) {
	var in struct{ PrivateKey, PublicKey, Auth string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b := func(s string) []byte {
		raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		return raw
	}
	key, err := ecdh.P256().NewPrivateKey(b(in.PrivateKey))
	if err != nil {
		http.Error(w, "privateKey: "+err.Error(), http.StatusBadRequest)
		return
	}
	if in.PublicKey != "" && base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()) != strings.TrimRight(in.PublicKey, "=") {
		http.Error(w, "publicKey is not privateKey's", http.StatusBadRequest)
		return
	}
	auth := b(in.Auth)
	if len(auth) != 16 {
		http.Error(w, "auth must be 16 bytes", http.StatusBadRequest)
		return
	}
	d.AddSubscriber(r.PathValue("id"), Subscriber{Key: key, Auth: auth})
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"endpoint": d.Endpoint(r.PathValue("id"))})
}

func (d *Double) handleReceived(w http.ResponseWriter, r *http.Request) {
	received := d.Received(r.PathValue("id"))
	if received == nil {
		received = []Message{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(received)
}

func (d *Double) handleMode(w http.ResponseWriter, r *http.Request) {
	var m Mode
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	d.SetMode(r.PathValue("id"), m)
	w.WriteHeader(http.StatusNoContent)
}

func (d *Double) handleStats(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]int{"delivered": d.Delivered()})
}
