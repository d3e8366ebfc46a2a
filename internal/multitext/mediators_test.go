package multitext_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

// A mediator changes only the translations into their own languages (the
// seeded mediator's profile: it, ar, fr), never the original (Italian), even
// with Italian among their languages; anywhere a multilingual text is,
// including the centre's list of service lines, whose shape they cannot
// change. A refused change writes nothing and the activity stays published.
func TestMediatorsChangeOnlyTheirTranslations(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.MediatorEmail)
	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	centre, err := app.FindFirstRecordByFilter("centre", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	type jsonMap = map[string]any
	edit := func(raw string, change func(v any) any) any {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		return change(v)
	}
	setLang := func(lang, text string) func(any) any {
		return func(v any) any { v.(jsonMap)[lang] = text; return v }
	}
	cases := []struct {
		name, collection, id, field string
		value                       any
		code                        string // "" = accepted
	}{
		{"the Italian original", "activities", ape.Id, "title", edit(ape.GetString("title"), setLang("it", "Titolo riscritto")), "mediators_source_language"},
		{"removing the original", "activities", ape.Id, "title", edit(ape.GetString("title"), func(v any) any { delete(v.(jsonMap), "it"); return v }), "mediators_source_language"},
		{"a language not theirs", "activities", ape.Id, "title", edit(ape.GetString("title"), setLang("en", "Rewritten")), "mediators_own_languages_only"},
		{"a key that is no language", "activities", ape.Id, "title", edit(ape.GetString("title"), setLang("xx", "?")), "mediators_translate_only"},
		{"a service line's Italian", "centre", centre.Id, "service_lines", edit(centre.GetString("service_lines"), func(v any) any {
			v.([]any)[0].(jsonMap)["title"].(jsonMap)["it"] = "Riscritto"
			return v
		}), "mediators_source_language"},
		{"a new service line", "centre", centre.Id, "service_lines", edit(centre.GetString("service_lines"), func(v any) any {
			return append(v.([]any), jsonMap{"key": "new", "title": jsonMap{"ar": "جديد"}})
		}), "mediators_translate_only"},
		{"their Arabic", "activities", ape.Id, "title", edit(ape.GetString("title"), setLang("ar", "عنوان جديد")), ""},
		{"a service line's French", "centre", centre.Id, "service_lines", edit(centre.GetString("service_lines"), func(v any) any {
			v.([]any)[1].(jsonMap)["text"].(jsonMap)["fr"] = "Soutien aux parents"
			return v
		}), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := app.FindRecordById(c.collection, c.id)
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/" + c.collection + "/records/" + c.id,
				Token: token, Body: map[string]any{c.field: c.value}})
			after, _ := app.FindRecordById(c.collection, c.id)
			if c.code == "" {
				if res.Status != http.StatusOK || after.GetString(c.field) == before.GetString(c.field) {
					t.Errorf("%d %s", res.Status, res.Body)
				}
				return
			}
			if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), c.code) {
				t.Errorf("want 403 %s, got %d %s", c.code, res.Status, res.Body)
			}
			if after.GetString(c.field) != before.GetString(c.field) {
				t.Errorf("a refused change was written")
			}
		})
	}
	if got := hubtest.BySlug(t, app, "activities", "ape-1").GetString("status"); got != "approved" {
		t.Errorf("status %s", got)
	}
}
