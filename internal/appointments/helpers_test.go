package appointments_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/appointments"
	"github.com/cremona/hug/internal/hubtest"
)

const records = "/api/collections/appointment_requests/records"

// ask is a family's request as the form sends it.
func ask(extra map[string]any) map[string]any {
	body := map[string]any{"topic": "listening", "preferred_days": []string{"2", "4"}, "preferred_parts": []string{"afternoon"},
		"message": "Vorrei parlare del sonno di mio figlio.", "contact_method": "phone", "contact_phone": "333 3317332"}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// create sends a request as the person with that e-mail (the records API).
func create(t *testing.T, app *tests.TestApp, email string, extra map[string]any) hubtest.Response {
	t.Helper()
	me, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	body := ask(extra)
	if _, ok := body["user"]; !ok {
		body["user"] = me.Id
	}
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: records, Token: hubtest.Token(t, app, "users", email),
		Body: body, Header: map[string]string{"Accept-Language": "en"}})
}

// newRequest makes a family's request as its phone would (Request, then
// saved), without spending the records API's create budget on set-up.
func newRequest(t *testing.T, app *tests.TestApp, email string) string {
	t.Helper()
	me, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := app.FindCollectionByNameOrId(appointments.Collection)
	r := core.NewRecord(c)
	r.Load(ask(map[string]any{"user": me.Id}))
	if err := appointments.Request(app, me, r); err != nil {
		t.Fatal(err)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r.Id
}

func staff(t *testing.T, app core.App) *core.Record {
	t.Helper()
	s, err := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// propose is staff proposing a date in ten days at the main office.
func propose(t *testing.T, app *tests.TestApp, id string) *core.Record {
	t.Helper()
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	r, err := appointments.Propose(app, staff(t, app), id, time.Now().Add(240*time.Hour).Truncate(time.Minute), place.Id, "Suonate al secondo campanello")
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	return r
}

// patch sends a change as email ("" = a guest).
func patch(t *testing.T, app *tests.TestApp, email, id string, body map[string]any) hubtest.Response {
	t.Helper()
	token := ""
	if email != "" {
		token = hubtest.Token(t, app, "users", email)
	}
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: records + "/" + id, Token: token, Body: body,
		Header: map[string]string{"Accept-Language": "en"}})
}

func status(t *testing.T, app core.App, id string) string {
	t.Helper()
	r, err := app.FindRecordById(appointments.Collection, id)
	if err != nil {
		return "(deleted)"
	}
	return r.GetString("status")
}

// code is the one field code of a refusal ("" when none).
func code(t *testing.T, res hubtest.Response) (field, code string) {
	t.Helper()
	var e struct {
		Data map[string]struct{ Code string }
	}
	res.JSON(t, &e)
	for f, d := range e.Data {
		return f, d.Code
	}
	return "", ""
}
