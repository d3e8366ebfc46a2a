package multitext_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// Go chooses a field's text as the phone does: the same table of cases is
// checked against the PWA's pick() by tests/js/best.test.mjs.
func TestBestFollowsTheSharedCases(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(hubtest.Root(), "tests", "fixtures", "multitext-best.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []struct {
			Name       string
			Field      multitext.Text
			Wanted     []string
			Text, Lang string
		}
	}
	if err := json.Unmarshal(raw, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 10 {
		t.Fatalf("%d cases", len(fixture.Cases))
	}
	for _, c := range fixture.Cases {
		// Go's maps come out in a new order each time: ask a few times.
		for i := 0; i < 5; i++ {
			if text, lang := c.Field.Best(c.Wanted...); text != c.Text || lang != c.Lang {
				t.Errorf("%s: Best(%v) of %v = %q (%s), want %q (%s)", c.Name, c.Wanted, c.Field, text, lang, c.Text, c.Lang)
				break
			}
		}
	}
}

// A mediator translates: changing a translation works; changing anything
// else (a date, the capacity, the status) is refused and nothing is written.
func TestMediatorsChangeTranslationsOnly(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	token := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	url := "/api/collections/activities/records/" + ape.Id

	title := map[string]string{}
	for k, v := range mustText(t, ape.GetString("title")) {
		title[k] = v
	}
	title["fr"] = "A.Pe - Apéritifs pédagogiques : rencontre 1 sur 5"
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: url, Token: token, Body: map[string]any{"title": title}})
	if res.Status != http.StatusOK {
		t.Fatalf("translating: %d %s", res.Status, res.Body)
	}
	if got := mustText(t, hubtest.BySlug(t, app, "activities", "ape-1").GetString("title"))["fr"]; got != title["fr"] {
		t.Errorf("French title %q", got)
	}

	for field, value := range map[string]any{"starts_at": hubtest.InDays(60, "10:00"), "capacity": 1, "status": "cancelled"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: url, Token: token, Body: map[string]any{field: value}})
		if res.Status != http.StatusForbidden {
			t.Errorf("mediator changing %s: %d %s", field, res.Status, res.Body)
		}
	}
	after := hubtest.BySlug(t, app, "activities", "ape-1")
	if after.GetString("status") != "approved" || after.GetInt("capacity") != ape.GetInt("capacity") ||
		!after.GetDateTime("starts_at").Equal(ape.GetDateTime("starts_at")) {
		t.Error("a refused mediator change was written")
	}
}

func mustText(t *testing.T, raw string) multitext.Text {
	text, err := multitext.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return text
}
