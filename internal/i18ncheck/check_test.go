package i18ncheck_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18ncheck"
	"github.com/cremona/hug/internal/vocab"
)

// TestTheLocalesPassTheCheck is `hug i18n check`'s key checks on the
// repository's locales/, run by `make test` with every Go test.
func TestTheLocalesPassTheCheck(t *testing.T) {
	problems, err := i18ncheck.Keys(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestTheCheckFindsEveryKindOfProblem(t *testing.T) {
	files := fstest.MapFS{}
	for _, lang := range vocab.LanguageCodes() {
		m := map[string]any{
			"greeting": "Ciao {{.Name}}",
			"seats":    map[string]string{"other": "{{.Count}}"},
		}
		for _, f := range i18ncheck.RequiredForms(lang) {
			m["seats"].(map[string]string)[f] = "{{.Count}}"
		}
		switch lang {
		case "fr":
			delete(m, "greeting") // missing
		case "ro":
			m["leftover"] = "x" // extra
		case "ar":
			m["greeting"] = "مرحبا {{.Nome}}" // another placeholder
		case "uk":
			m["seats"] = map[string]string{"one": "{{.Count}}", "other": "{{.Count}}"} // few and many missing
		case "zh":
			m["seats"] = "{{.Count}}" // not plural
		}
		raw, _ := json.Marshal(m)
		files[lang+".json"] = &fstest.MapFile{Data: raw}
	}
	problems, err := i18ncheck.Keys(files)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Lang+" "+p.Key+" "+p.Kind)
	}
	want := []string{"ar greeting placeholders", "fr greeting missing", "ro leftover extra", "uk seats plural forms", "zh seats shape"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
}

func TestRequiredFormsFollowCLDR(t *testing.T) {
	for lang, want := range map[string]string{"ar": "few many one other two zero", "uk": "few many one other", "zh": "other", "ro": "few one other", "en": "one other", "fr": "many one other"} {
		if got := strings.Join(i18ncheck.RequiredForms(lang), " "); got != want {
			t.Errorf("%s: %s, want %s", lang, got, want)
		}
	}
}

func TestContentCountsUntranslatedAndOutdated(t *testing.T) {
	app := hubtest.NewApp(t)
	before := coverage(t, app)
	c, _ := app.FindCollectionByNameOrId("services")
	s := core.NewRecord(c)
	s.Load(map[string]any{"name": map[string]string{"it": "Sportello", "uk": "Віконце"}, "category": "social", "nature": "institutional"})
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	after := coverage(t, app)
	if after["uk"].Texts != before["uk"].Texts+1 || after["uk"].Untranslated != before["uk"].Untranslated {
		t.Errorf("a text translated into uk: %+v then %+v", before["uk"], after["uk"])
	}
	if after["pa"].Untranslated != before["pa"].Untranslated+1 {
		t.Errorf("a text without pa: %+v then %+v", before["pa"], after["pa"])
	}
	// The original changes: the Ukrainian translation is outdated.
	s, _ = app.FindRecordById("services", s.Id)
	s.Set("name", map[string]string{"it": "Sportello famiglie", "uk": "Віконце"})
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if got := coverage(t, app)["uk"].Outdated; got != before["uk"].Outdated+1 {
		t.Errorf("outdated in uk: %d, want %d", got, before["uk"].Outdated+1)
	}
}

func coverage(t *testing.T, app core.App) map[string]i18ncheck.Coverage {
	t.Helper()
	list, err := i18ncheck.Content(app)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]i18ncheck.Coverage{}
	for _, c := range list {
		out[c.Lang] = c
	}
	return out
}
