package hub_test

import (
	"reflect"
	"testing"

	"github.com/dop251/goja"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hub"
	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/vocab"
)

// The JS migrations and hooks read the vocabulary Go defines (the
// `hugVocab` global), frozen so one script cannot change it for the next.
func TestJSRuntimesGetTheVocabulary(t *testing.T) {
	vm := goja.New()
	hub.InitJS(vm)
	got, err := vm.RunString(`"use strict";
		let changed = true
		try { hugVocab.age_bands.push("18-99") } catch (e) { changed = false }
		JSON.stringify({codes: hugVocab.languages.map((l) => l.code), bands: hugVocab.age_bands, roles: hugVocab.roles,
			zone: hugVocab.time_zone, rtl: hugVocab.languages.filter((l) => l.dir === "rtl").map((l) => l.code), changed: changed})`)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"codes":["it","en","ar","ro","sq","pa","uk","zh","fr"],"bands":["0-3","3-6","6-11","11-14","14-18"],` +
		`"roles":["family","association","mediator","staff"],"zone":"Europe/Rome","rtl":["ar"],"changed":false}`
	if got.String() != want {
		t.Errorf("hugVocab\n got %s\nwant %s", got, want)
	}
}

// The schema's lists are vocab's: the migration takes them from hugVocab.
func TestSchemaListsAreTheVocabulary(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	values := func(collection, field string) []string {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := c.Fields.GetByName(field).(*core.SelectField)
		if !ok {
			t.Fatalf("%s.%s is not a select", collection, field)
		}
		return f.Values
	}
	for _, c := range []struct {
		collection, field string
		want              []string
	}{
		{"users", "role", vocab.Roles},
		{"users", "languages", vocab.LanguageCodes()},
		{"users", "children_age_bands", vocab.AgeBands},
		{"services", "age_bands", vocab.AgeBands},
		{"services", "category", vocab.ServiceCategories},
		{"groups", "age_bands", vocab.AgeBands},
		{"activities", "age_bands", vocab.AgeBands},
		{"activities", "kind", vocab.ActivityKinds},
		{"activities", "audience", vocab.Audiences},
		{"appointment_requests", "language", vocab.LanguageCodes()},
	} {
		if got := values(c.collection, c.field); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s.%s = %v, want %v", c.collection, c.field, got, c.want)
		}
	}
}
