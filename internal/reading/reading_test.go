package reading_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/reading"
)

type feed struct {
	Cursor  int64 `json:"cursor"`
	Reset   bool  `json:"reset"`
	Changes []struct {
		Collection string         `json:"collection"`
		ID         string         `json:"id"`
		Record     map[string]any `json:"record"`
	} `json:"changes"`
}

func pull(t *testing.T, app *tests.TestApp, token, query string, header map[string]string) feed {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync" + query, Token: token, Header: header})
	if res.Status != http.StatusOK {
		t.Fatalf("pull %s: %d %s", query, res.Status, res.Body)
	}
	var f feed
	res.JSON(t, &f)
	return f
}

// languagesOf is the set of languages the feed carried in the service's name.
func languagesOf(t *testing.T, f feed, id string) []string {
	t.Helper()
	for _, c := range f.Changes {
		if c.ID == id && c.Record != nil {
			name, _ := c.Record["name"].(map[string]any)
			var langs []string
			for l := range name {
				langs = append(langs, l)
			}
			slices.Sort(langs)
			return langs
		}
	}
	t.Fatalf("service %s not in the feed", id)
	return nil
}

// aTranslatedService is a service named in five languages.
func aTranslatedService(t *testing.T, app core.App) *core.Record {
	t.Helper()
	c, _ := app.FindCollectionByNameOrId("services")
	s := core.NewRecord(c)
	s.Load(map[string]any{"name": map[string]string{"it": "Sportello", "ar": "مكتب", "fr": "Guichet", "en": "Desk", "zh": "窗口"},
		"category": "social", "nature": "institutional"})
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	return s
}

func setLanguages(t *testing.T, app core.App, email string, langs ...string) {
	t.Helper()
	u, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	u.Set("languages", langs)
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
}

func TestTheFeedCarriesTheChainAndTheOriginal(t *testing.T) {
	app := hubtest.NewApp(t)
	service := aTranslatedService(t, app)
	setLanguages(t, app, hubtest.FamilyEmail, "ar")
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)

	if got := languagesOf(t, pull(t, app, family, "", nil), service.Id); !slices.Equal(got, []string{"ar", "it"}) {
		t.Errorf("an Arabic reader's feed carries %v, want ar and the original (it)", got)
	}
	// A guest: the phone's chain, else the browser's languages.
	if got := languagesOf(t, pull(t, app, "", "?langs=fr,zh", nil), service.Id); !slices.Equal(got, []string{"fr", "it", "zh"}) {
		t.Errorf("a guest reading fr,zh gets %v", got)
	}
	if got := languagesOf(t, pull(t, app, "", "", map[string]string{"Accept-Language": "ar-EG,de;q=0.8,en;q=0.5"}), service.Id); !slices.Equal(got, []string{"ar", "en", "it"}) {
		t.Errorf("a guest whose browser reads ar-EG, de, en gets %v", got)
	}
	// Staff and mediators edit the texts: every language.
	for _, email := range []string{hubtest.StaffEmail, hubtest.MediatorEmail} {
		if got := languagesOf(t, pull(t, app, hubtest.Token(t, app, "users", email), "", nil), service.Id); len(got) != 5 {
			t.Errorf("%s gets %v, want every language", email, got)
		}
	}
	// The records API is unchanged: every language.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/services/records/" + service.Id, Token: family})
	var rec struct{ Name map[string]string }
	res.JSON(t, &rec)
	if len(rec.Name) != 5 {
		t.Errorf("the records API gives %v, want every language", rec.Name)
	}
	// The database keeps every language too.
	stored, _ := app.FindRecordById("services", service.Id)
	if !strings.Contains(stored.GetString("name"), "Guichet") {
		t.Errorf("the stored name lost a language: %s", stored.GetString("name"))
	}
}

func TestAProposalsOriginalLanguageComesAlong(t *testing.T) {
	app := hubtest.NewApp(t)
	c, _ := app.FindCollectionByNameOrId("activities")
	a := core.NewRecord(c)
	a.Load(map[string]any{"title": map[string]string{"ar": "لقاء", "it": "Incontro", "uk": "Зустріч"}, "original_language": "ar",
		"kind": "play", "status": "approved", "starts_at": hubtest.InDays(20, "10:00"), "ends_at": hubtest.InDays(20, "11:00")})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	f := pull(t, app, "", "?langs=uk", nil)
	for _, ch := range f.Changes {
		if ch.ID == a.Id {
			title, _ := ch.Record["title"].(map[string]any)
			if len(title) != 2 || title["ar"] == nil || title["uk"] == nil {
				t.Errorf("a Ukrainian reader of an Arabic proposal gets %v, want uk and the original ar", title)
			}
			return
		}
	}
	t.Fatal("activity not in the feed")
}

func TestChangingTheChainBringsTheNewLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	service := aTranslatedService(t, app)
	setLanguages(t, app, hubtest.FamilyEmail, "ar", "it")
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	first := pull(t, app, family, "", nil)

	// A new order alone: nothing to re-pull.
	setLanguages(t, app, hubtest.FamilyEmail, "it", "ar")
	if next := pull(t, app, family, "?cursor="+itoa(first.Cursor), nil); next.Reset {
		t.Error("reordering the same languages reset the feed")
	}

	// Through the phone's own mutation: French is added.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations", Token: family,
		Body: map[string]any{"mutations": []map[string]any{{"id": "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", "name": "update_profile", "args": map[string]any{"languages": []string{"ar", "fr"}}}}}})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"applied"`) {
		t.Fatalf("update_profile: %d %s", res.Status, res.Body)
	}
	next := pull(t, app, family, "?cursor="+itoa(first.Cursor), nil)
	if !next.Reset {
		t.Fatal("a new language in the chain did not reset the feed")
	}
	if got := languagesOf(t, next, service.Id); !slices.Equal(got, []string{"ar", "fr", "it"}) {
		t.Errorf("after the chain ar, fr the feed carries %v", got)
	}
}

func TestAChainWithALanguageTheHubLacksIsRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	setLanguages(t, app, hubtest.FamilyEmail, "ar")
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + me.Id, Token: family,
		Body: map[string]any{"languages": []string{"ar", "de"}}, Header: map[string]string{"Accept-Language": "ar"}})
	if res.Status != http.StatusBadRequest {
		t.Fatalf("a chain with German: %d %s", res.Status, res.Body)
	}
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	res.JSON(t, &body)
	if body.Data["languages"].Code != "validation_invalid_value" || !strings.ContainsFunc(body.Data["languages"].Message, func(r rune) bool { return r >= 0x600 && r <= 0x6FF }) {
		t.Errorf("the refusal is not in Arabic: %s", res.Body)
	}
	again, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if got := again.GetStringSlice("languages"); !slices.Equal(got, []string{"ar"}) {
		t.Errorf("the chain changed to %v", got)
	}
}

func TestMatchAcceptKeepsTheBrowsersOrder(t *testing.T) {
	for header, want := range map[string][]string{
		"pa-Guru-IN,en;q=0.9": {"pa", "en"},
		"de-DE,fr;q=0.5":      {"fr"},
		"zh-Hans-CN":          {"zh"},
		"":                    nil,
	} {
		if got := reading.MatchAccept(header); !slices.Equal(got, want) {
			t.Errorf("MatchAccept(%q) = %v, want %v", header, got, want)
		}
	}
}

// TestFoldFollowsTheSharedCases: Go's Fold and the PWA's fold() read one
// table (tests/fixtures/fold.json; tests/js/fold.test.mjs).
func TestFoldFollowsTheSharedCases(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(hubtest.Root(), "tests", "fixtures", "fold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Cases []struct{ In, Out string }
	}
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	for _, c := range table.Cases {
		if got := reading.Fold(c.In); got != c.Out {
			t.Errorf("Fold(%q) = %q, want %q", c.In, got, c.Out)
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
