package push_test

import (
	"bufio"
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/push/pushtest"
)

// TestPushFanOutBenchmark is the Web Push budget (`make bench-push`):
// 10,000 subscriptions delivered to a local push service (the double, in
// its own process: cmd/pushdouble) through the queue, from the staff
// action's commit to the last 201, beside raw webpush-go (64 goroutines,
// no queue) in the same run, with the hub's memory. Not a unit test: it
// runs only with HUG_BENCH_PUSH=1.
func TestPushFanOutBenchmark(t *testing.T) {
	if os.Getenv("HUG_BENCH_PUSH") == "" {
		t.Skip("the benchmark: HUG_BENCH_PUSH=1 (make bench-push)")
	}
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("HUG_BENCH_PUSH_N")); err == nil && v > 0 {
		n = v
	}
	base := startDoubleProcess(t)
	client := &http.Client{Timeout: 10 * time.Second}
	subs := make([]pushtest.Subscriber, n)
	for i := range subs {
		key, _ := ecdh.P256().GenerateKey(rand.Reader)
		auth := make([]byte, 16)
		rand.Read(auth)
		subs[i] = pushtest.Subscriber{Key: key, Auth: auth}
		body, _ := json.Marshal(map[string]string{
			"privateKey": b64(subs[i].Key.Bytes()), "publicKey": subs[i].P256dh(), "auth": subs[i].AuthKey()})
		req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/subscribers/b%05d", base, i), bytes.NewReader(body))
		res, err := client.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("registering %d: %v", i, err)
		}
		res.Body.Close()
	}
	delivered := func() int {
		res, err := client.Get(base + "/stats")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var s struct{ Delivered int }
		json.NewDecoder(res.Body).Decode(&s)
		return s.Delivered
	}
	payload := []byte(`{"id":"bench","title":"Avviso","body":"Il centro è aperto giovedì dalle 17 alle 19.","url":"/"}`)

	// 1. Raw webpush-go: encrypt, sign and post, 64 at a time.
	priv, pub, _ := webpush.GenerateVAPIDKeys()
	raw := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	start := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				msg := append([]byte(nil), payload...)
				res, err := webpush.SendNotification(msg, &webpush.Subscription{Endpoint: fmt.Sprintf("%s/push/b%05d", base, i),
					Keys: webpush.Keys{P256dh: subs[i].P256dh(), Auth: subs[i].AuthKey()}},
					&webpush.Options{HTTPClient: raw, Subscriber: "hug@example.org", TTL: 3600, VAPIDPublicKey: pub, VAPIDPrivateKey: priv})
				if err == nil {
					res.Body.Close()
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	rawTime := time.Since(start)
	if got := delivered(); got != n {
		t.Fatalf("raw: %d of %d delivered", got, n)
	}

	// 2. The hub: the subscriptions stored, then the staff action (one
	// transaction queueing the announcement's fan-out) and the worker.
	app := hubtest.NewAppWith(t, func(c *config.Config) { c.PushAllow = base })
	defer app.Cleanup()
	err := app.RunInTransaction(func(tx core.App) error {
		for i := range n {
			_, err := tx.DB().Insert("push_subscriptions", dbx.Params{"id": fmt.Sprintf("bench%010d", i), "endpoint": fmt.Sprintf("%s/push/b%05d", base, i),
				"p256dh": subs[i].P256dh(), "auth": subs[i].AuthKey(), "language": "it", "receive": "{}", "user": "", "address": "", "warned_at": "",
				"last_seen": time.Now().UTC().Format("2006-01-02 15:04:05.000Z")}).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hubtest.Handler(t, app) // serve: the worker runs
	runtime.GC()
	before := heapBytes()
	var peak uint64
	var peakRSS int
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak = max(peak, heapBytes())
			peakRSS = max(peakRSS, rssKB())
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	start = time.Now()
	err = app.RunInTransaction(func(tx core.App) error {
		ds := make([]push.Delivery, n)
		for i := range ds {
			ds[i] = push.Delivery{Subscription: fmt.Sprintf("bench%010d", i), Notification: "bench-1", Payload: payload, Announcement: "bench"}
		}
		return push.Enqueue(tx, ds...)
	})
	if err != nil {
		t.Fatal(err)
	}
	committed := time.Since(start)
	for delivered() < 2*n {
		if time.Since(start) > 2*time.Minute {
			t.Fatalf("only %d of %d after 2 minutes", delivered()-n, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	hubTime := time.Since(start)
	var recorded time.Duration
	for {
		status, _ := push.AnnouncementStatus(app, "bench")
		if status["sent"] == n {
			recorded = time.Since(start)
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	<-sampled
	fmt.Printf("\nWeb Push fan-out, %d subscriptions, loopback push service double (own process), GOMAXPROCS=%d\n", n, runtime.GOMAXPROCS(0))
	fmt.Printf("  raw webpush-go, 64 goroutines, no queue:        %6.2f s\n", rawTime.Seconds())
	fmt.Printf("  hub: staff action's transaction (Enqueue):      %6.2f s\n", committed.Seconds())
	fmt.Printf("  hub: action -> last 201 at the push service:    %6.2f s\n", hubTime.Seconds())
	fmt.Printf("  hub: action -> all %d recorded as sent:      %6.2f s\n", n, recorded.Seconds())
	fmt.Printf("  hub heap: %.0f MB before, %.0f MB peak during the fan-out; process RSS peak %.0f MB\n",
		float64(before)/1e6, float64(peak)/1e6, float64(peakRSS)/1e3)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// rssKB is the process's resident memory (Linux), in kB.
func rssKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}

// startDoubleProcess builds and runs cmd/pushdouble, returning its URL.
func startDoubleProcess(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pushdouble")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pushdouble")
	build.Dir = hubtest.Root()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(line)
}
