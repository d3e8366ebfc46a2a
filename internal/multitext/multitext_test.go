package multitext_test

import (
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

func TestBestLanguage(t *testing.T) {
	text := multitext.Text{"it": "Ciao", "ar": "مرحبا"}
	cases := []struct {
		wanted   []string
		text, in string
	}{
		{[]string{"ar", "it"}, "مرحبا", "ar"},
		{[]string{"uk", "en"}, "Ciao", "it"}, // neither: the original
		{[]string{"fr", "ar"}, "مرحبا", "ar"},
	}
	for _, c := range cases {
		if got, lang := text.Best(c.wanted...); got != c.text || lang != c.in {
			t.Errorf("Best(%v) = %s (%s)", c.wanted, got, lang)
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

	for field, value := range map[string]any{"starts_at": "2099-01-01 10:00:00.000Z", "capacity": 1, "status": "cancelled"} {
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
