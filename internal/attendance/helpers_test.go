package attendance_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
)

// role is one person of the access-matrix fixtures (internal/hubtest).
type role struct {
	name, collection, email string
}

var roles = []role{
	{"guest", "", ""},
	{"family", "users", hubtest.FamilyEmail},
	{"association", "users", hubtest.NewAssocEmail},
	{"verified association", "users", hubtest.VerifiedEmail},
	{"mediator", "users", hubtest.MediatorEmail},
	{"staff", "users", hubtest.StaffEmail},
	{"superuser", core.CollectionNameSuperusers, hubtest.SuperuserEmail},
}

func (r role) token(t testing.TB, app core.App) string {
	if r.email == "" {
		return ""
	}
	return hubtest.Token(t, app, r.collection, r.email)
}

func isStaff(r role) bool { return r.name == "staff" || r.name == "superuser" }

// push sends mutations as a phone does; the HTTP status and the outcomes.
func push(t *testing.T, app *tests.TestApp, token string, batch ...map[string]any) (int, []mutations.Outcome) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: token,
		Body: map[string]any{"mutations": batch}, Header: map[string]string{"Accept-Language": "en"}})
	var out struct {
		Results []mutations.Outcome `json:"results"`
	}
	if res.Status == http.StatusOK {
		res.JSON(t, &out)
	}
	return res.Status, out.Results
}

func mark(id, registration string, present bool, at string) map[string]any {
	args := map[string]any{"registration": registration, "present": present}
	if at != "" {
		args["at"] = at
	}
	return map[string]any{"id": id, "name": "mark_attendance", "args": args}
}

// parseCSV checks the file's conventions and returns its rows, header first.
func parseCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatalf("no UTF-8 byte order mark: %q", body[:min(len(body), 20)])
	}
	body = body[3:]
	if bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
		t.Errorf("a line does not end with CRLF: %q", body)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not a ;-separated CSV: %v\n%s", err, body)
	}
	return rows
}
