package syncfeed_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/hubtest"
)

// The sync benchmarks (docs/PERFORMANCE.md, "Sync"). Only with -bench:
//
//	go test -run '^$' -bench . -benchtime 200x ./internal/syncfeed

// benchData fills app with 2,000 activities, 300 services, 60 families and
// 5,000 registrations (5 of them the demo family's), in one transaction,
// through the hooks, so the change log holds their rows.
func benchData(b *testing.B, app *tests.TestApp) {
	b.Helper()
	app.Settings().RateLimits.Enabled = false
	family := mustFind(b, app, hubtest.FamilyEmail)
	place := hubtest.BySlug(b, app, "places", "hug-sede-principale")
	started := time.Now()
	err := app.RunInTransaction(func(tx core.App) error {
		save := func(collection string, data map[string]any) (*core.Record, error) {
			r := newRecord(b, tx, collection, data)
			return r, tx.SaveNoValidate(r)
		}
		var activities []*core.Record
		for i := range 2000 {
			a, err := save("activities", map[string]any{
				"title":   map[string]string{"it": fmt.Sprintf("Attività %d", i), "en": fmt.Sprintf("Activity %d", i)},
				"summary": map[string]string{"it": "Un incontro per genitori e bambini al Centro per le Famiglie, con gli educatori di Hug.", "en": "A meeting for parents and children at the Family Centre, with Hug's educators."},
				"kind":    "meeting", "status": "approved", "place": place.Id, "registration_required": true, "capacity": 30,
				"starts_at": hubtest.InDays(1+i%300, "17:00"), "ends_at": hubtest.InDays(1+i%300, "18:30"),
			})
			if err != nil {
				return err
			}
			activities = append(activities, a)
		}
		for i := range 300 {
			if _, err := save("services", map[string]any{
				"name":     map[string]string{"it": fmt.Sprintf("Servizio %d", i)},
				"summary":  map[string]string{"it": "Informazioni e orientamento per le famiglie: orari, contatti e come accedere."},
				"category": "social", "nature": "institutional", "runner": "Comune di Cremona", "phone": "0372 407111",
			}); err != nil {
				return err
			}
		}
		hash := family.GetString("password")
		users := []*core.Record{family}
		for i := range 60 {
			u := newRecord(b, tx, "users", map[string]any{"email": fmt.Sprintf("bench%d@hug.test", i), "role": "family", "name": fmt.Sprintf("Famiglia %d", i)})
			u.SetRaw("password", hash)
			u.RefreshTokenKey()
			if err := tx.SaveNoValidate(u); err != nil {
				return err
			}
			users = append(users, u)
		}
		for i := range 5000 {
			user := users[1+i%60]
			if i < 5 {
				user = family
			}
			if _, err := save("registrations", map[string]any{
				"activity": activities[(i*7+i/60)%2000].Id, "user": user.Id, "adults": 1, "children": 1, "status": "going",
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	latest, _ := changelog.Latest(app)
	b.Logf("bench data in %s; the change log has %d rows", time.Since(started).Round(time.Millisecond), latest)
}

// get sends one request as a phone does (gzip accepted) and returns the
// bytes on the wire (body) and the server's time.
func get(b *testing.B, app *tests.TestApp, token, path string) (int, time.Duration, []byte) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	handler := hubtest.Handler(b, app)
	start := time.Now()
	handler.ServeHTTP(rec, req)
	took := time.Since(start)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	plain := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(plain))
		if err != nil {
			b.Fatal(err)
		}
		if plain, err = io.ReadAll(zr); err != nil {
			b.Fatal(err)
		}
	}
	return rec.Body.Len(), took, plain
}

// refresh reproduces pb_public/data/store.js refresh() before sync: each
// public collection re-listed with getFullList (batch 500), then the
// person's registrations and memberships with expand.
func refresh(b *testing.B, app *tests.TestApp, token, userID string) (wire int, took time.Duration, requests int) {
	lists := []struct{ collection, filter, sort, expand string }{
		{"centre", "", "", ""},
		{"places", "", "sort", ""},
		{"services", "", "category", ""},
		{"groups", "public = true", "", ""},
		{"activities", `(status = "approved" || status = "cancelled") && ends_at >= @now`, "starts_at", ""},
		{"organizations", "verified = true", "name", ""},
		{"registrations", `user = "` + userID + `"`, "-created", "activity"},
		{"memberships", `user = "` + userID + `"`, "", "group"},
	}
	for _, l := range lists {
		for page := 1; ; page++ {
			q := url.Values{"page": {strconv.Itoa(page)}, "perPage": {"500"}, "skipTotal": {"1"}}
			for k, v := range map[string]string{"filter": l.filter, "sort": l.sort, "expand": l.expand} {
				if v != "" {
					q.Set(k, v)
				}
			}
			n, d, body := get(b, app, token, "/api/collections/"+l.collection+"/records?"+q.Encode())
			wire, took, requests = wire+n, took+d, requests+1
			var list struct{ Items []json.RawMessage }
			if err := json.Unmarshal(body, &list); err != nil {
				b.Fatal(err)
			}
			if len(list.Items) < 500 { // the SDK asks for the next page after a full one
				break
			}
		}
	}
	return wire, took, requests
}

// BenchmarkWarmOpen: a family's app opens after one change elsewhere (staff
// edited one activity): one pull from its cursor, against today's refresh().
func BenchmarkWarmOpen(b *testing.B) {
	app := hubtest.NewApp(b)
	defer app.Cleanup()
	benchData(b, app)
	token := roles[1].token(b, app)
	family := mustFind(b, app, hubtest.FamilyEmail)
	p := newPhone()
	p.sync(b, app, token, 0)
	activity := hubtest.BySlug(b, app, "activities", "ape-2")
	activity.Set("summary", map[string]string{"it": "Cambiato dallo staff"})
	mustSave(b, app, activity)
	path := "/api/hub/sync?cursor=" + strconv.FormatInt(p.cursor, 10)

	var syncBytes, refreshBytes int
	b.Run("sync", func(b *testing.B) {
		var total time.Duration
		for b.Loop() {
			n, d, _ := get(b, app, token, path)
			syncBytes, total = n, total+d
		}
		b.ReportMetric(float64(syncBytes), "bytes/open")
		b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "server-ms/open")
	})
	b.Run("refresh", func(b *testing.B) {
		var total time.Duration
		var requests int
		for b.Loop() {
			n, d, r := refresh(b, app, token, family.Id)
			refreshBytes, total, requests = n, total+d, r
		}
		b.ReportMetric(float64(refreshBytes), "bytes/open")
		b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "server-ms/open")
		b.ReportMetric(float64(requests), "requests/open")
	})
	if syncBytes > 0 {
		b.Logf("warm open: sync %d bytes, refresh %d bytes: %.0fx fewer", syncBytes, refreshBytes, float64(refreshBytes)/float64(syncBytes))
	}
}

// BenchmarkFeedLatency: one pull (default limit) by a family 1, 100 and
// 10,000 changes behind, and a full snapshot, with 100,000 rows in the log.
func BenchmarkFeedLatency(b *testing.B) {
	app := hubtest.NewApp(b)
	defer app.Cleanup()
	benchData(b, app)
	fillLog(b, app, 100_000)
	token := roles[1].token(b, app)
	latest, _ := changelog.Latest(app)
	cases := []struct {
		name   string
		cursor int64
	}{{"behind-1", latest - 1}, {"behind-100", latest - 100}, {"behind-10000", latest - 10_000}, {"snapshot", -1}}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := "/api/hub/sync"
			if c.cursor >= 0 {
				path += "?cursor=" + strconv.FormatInt(c.cursor, 10)
			}
			var times []time.Duration
			var size int
			for b.Loop() {
				n, d, _ := get(b, app, token, path)
				times, size = append(times, d), n
			}
			slices.Sort(times)
			b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
			b.ReportMetric(ms(times[(len(times)*99)/100]), "p99-ms")
			b.ReportMetric(float64(size), "gzip-bytes")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// fillLog adds rows until the log holds n: changes of real records for
// their real audiences (most public, as in the centre's life).
func fillLog(b *testing.B, app *tests.TestApp, n int) {
	b.Helper()
	var have int
	app.DB().NewQuery("SELECT COUNT(*) FROM hub_changes").Row(&have)
	var rows []changelog.Row
	app.DB().NewQuery("SELECT seq, collection, record_id, audience, created FROM hub_changes WHERE audience NOT LIKE 'reset:%'").All(&rows)
	err := app.RunInTransaction(func(tx core.App) error {
		now := time.Now().UnixMilli()
		for i := have; i < n; i++ {
			r := rows[i%len(rows)]
			if _, err := tx.NonconcurrentDB().Insert(changelog.Table, map[string]any{
				"collection": r.Collection, "record_id": r.RecordID, "audience": r.Audience, "created": now,
			}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
