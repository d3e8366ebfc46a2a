package hubtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

var (
	handlersMu sync.Mutex
	handlers   = map[*tests.TestApp]http.Handler{}
)

// Handler is the app's real HTTP handler (routes, middlewares, hooks), as
// `serve` builds it. It is built once per app: PocketBase binds its routes
// on each serve event, so a second build would register them twice.
func Handler(t testing.TB, app *tests.TestApp) http.Handler {
	t.Helper()
	return HandlerAt(t, app, "")
}

// HandlerAt is Handler for a hub started with `serve --http=addr`: the serve
// hooks see that address (start banner, application URL). Call it before
// any Do on app; "" is no address.
func HandlerAt(t testing.TB, app *tests.TestApp, addr string) http.Handler {
	t.Helper()
	handlersMu.Lock()
	defer handlersMu.Unlock()
	if h, ok := handlers[app]; ok {
		return h
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	event := &core.ServeEvent{App: app, Router: router}
	if addr != "" {
		event.Server = &http.Server{Addr: addr}
	}
	err = app.OnServe().Trigger(event, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	handlers[app] = mux
	return mux
}

// Response is what a test request got back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// Request is one HTTP call to a test app.
type Request struct {
	Method, URL string
	Body        any // marshalled to JSON unless it is an io.Reader
	Token       string
	Header      map[string]string
}

// Do sends a request through the app's real handler.
func Do(t testing.TB, app *tests.TestApp, r Request) Response {
	t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case io.Reader:
		body = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(r.Method, r.URL, body)
	req.Header.Set("Content-Type", "application/json")
	if r.Token != "" {
		req.Header.Set("Authorization", r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler(t, app).ServeHTTP(rec, req)
	return Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}
