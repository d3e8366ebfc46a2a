package search_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

type found struct {
	Results []struct{ Collection, ID, Text, Lang string }
}

func find(t *testing.T, app *tests.TestApp, token, q string, header map[string]string) (ids []string, texts []string) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/search?q=" + url.QueryEscape(q), Token: token, Header: header})
	if res.Status != http.StatusOK {
		t.Fatalf("search %q: %d %s", q, res.Status, res.Body)
	}
	var f found
	res.JSON(t, &f)
	for _, r := range f.Results {
		ids = append(ids, r.ID)
		texts = append(texts, r.Text)
	}
	return ids, texts
}

func activity(t *testing.T, app core.App, title map[string]string, status string) *core.Record {
	return hubtest.Save(t, app, "activities", map[string]any{"title": title, "kind": "play", "status": status,
		"starts_at": hubtest.InDays(20, "10:00"), "ends_at": hubtest.InDays(20, "11:00")})
}

func TestSearchIgnoresAccentsCaseAndDiacritics(t *testing.T) {
	app := hubtest.NewApp(t)
	coffee := activity(t, app, map[string]string{"it": "Caffè delle mamme", "ar": "قَهْوَة الأُمَّهات"}, "approved")
	hidden := activity(t, app, map[string]string{"it": "Caffè in attesa"}, "pending")
	service := hubtest.Save(t, app, "services", map[string]any{"name": map[string]string{"it": "Sportello Città"}, "category": "social", "nature": "institutional"})

	ids, _ := find(t, app, "", "caffe", nil)
	if !slices.Contains(ids, coffee.Id) {
		t.Errorf(`"caffe" did not find "Caffè delle mamme": %v`, ids)
	}
	if slices.Contains(ids, hidden.Id) {
		t.Error("a guest found an activity waiting for moderation")
	}
	if ids, _ := find(t, app, "", "CITTA sportello", nil); !slices.Contains(ids, service.Id) {
		t.Errorf(`"CITTA sportello" did not find "Sportello Città": %v`, ids)
	}
	// Arabic without its tashkeel, by an Arabic reader.
	if ids, _ := find(t, app, "", "قهوة", map[string]string{"Accept-Language": "ar"}); !slices.Contains(ids, coffee.Id) {
		t.Errorf("the Arabic word without diacritics found %v", ids)
	}
	// Staff see what waits for moderation, so they find it.
	if ids, _ := find(t, app, hubtest.Token(t, app, "users", hubtest.StaffEmail), "caffe", nil); !slices.Contains(ids, hidden.Id) {
		t.Errorf("staff did not find the pending activity: %v", ids)
	}
}

func TestSearchLooksOnlyInTheLanguagesTheCallerReads(t *testing.T) {
	app := hubtest.NewApp(t)
	a := activity(t, app, map[string]string{"it": "Laboratorio", "fr": "Atelier de peinture", "zh": "绘画工坊"}, "approved")
	if ids, _ := find(t, app, "", "peinture", map[string]string{"Accept-Language": "zh"}); slices.Contains(ids, a.Id) {
		t.Error("a Chinese reader found a word that is only in the French text")
	}
	ids, texts := find(t, app, "", "peinture", map[string]string{"Accept-Language": "zh, fr;q=0.5"})
	if !slices.Contains(ids, a.Id) {
		t.Errorf("a reader of zh then fr did not find the French word: %v", ids)
	}
	if i := slices.Index(ids, a.Id); i >= 0 && texts[i] != "绘画工坊" {
		t.Errorf("the result is named %q, want the reader's first language", texts[i])
	}
}

func TestResultsFollowTheReadersCollation(t *testing.T) {
	app := hubtest.NewApp(t)
	for _, name := range []string{"Zoo ludico", "Élan atelier", "Elba atelier", "Emma atelier"} {
		activity(t, app, map[string]string{"it": name}, "approved")
	}
	_, texts := find(t, app, "", "atelier", map[string]string{"Accept-Language": "fr"})
	// By bytes "Élan" would come after "Emma"; in French it comes first.
	if want := []string{"Élan atelier", "Elba atelier", "Emma atelier"}; !slices.Equal(texts, want) {
		t.Errorf("French order %v, want %v", texts, want)
	}
}

func TestAnEmptyOrLongQueryIsRefusedInTheCallersLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	for _, q := range []string{"", "   ", string(make([]byte, 101))} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/search?q=" + url.QueryEscape(q), Header: map[string]string{"Accept-Language": "fr"}})
		if res.Status != http.StatusBadRequest {
			t.Errorf("q=%q: %d %s", q, res.Status, res.Body)
		}
		var body struct{ Message string }
		res.JSON(t, &body)
		if body.Message == "" || body.Message == "search_bad_query" {
			t.Errorf("q=%q: the refusal is not localized: %s", q, res.Body)
		}
	}
}
