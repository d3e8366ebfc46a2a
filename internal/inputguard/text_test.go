package inputguard_test

import (
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/inputguard"
)

func TestCleanText(t *testing.T) {
	cases := []struct{ name, in, want, code string }{
		{"plain", "Laboratorio di lettura", "Laboratorio di lettura", ""},
		{"right-to-left override", "foto\u202Egnp.exe", "fotognp.exe", ""},
		{"every embedding, override and isolate", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j", "abcdefghij", ""},
		{"Arabic with its marks", "الساعة \u200F18:00\u200E و\u061C", "الساعة \u200F18:00\u200E و\u061C", ""},
		{"invalid UTF-8", "Coop\xff", "", "validation_invalid_utf8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := inputguard.CleanText(c.in)
			if c.code != "" {
				assertCode(t, err, c.code)
				return
			}
			if err != nil || got != c.want {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// CleanRecord reaches every text, editor and JSON field, whatever the
// collection: a collection made up here, not one of the hub's, proves it.
func TestCleanRecordReachesEveryTextField(t *testing.T) {
	collection := core.NewBaseCollection("made_up")
	collection.Fields.Add(
		&core.TextField{Name: "plain"},
		&core.EditorField{Name: "rich"},
		&core.JSONField{Name: "texts"},
		&core.JSONField{Name: "nested"},
		&core.NumberField{Name: "count"},
	)
	record := core.NewRecord(collection)
	record.Set("plain", "gnp\u202E.exe")
	record.Set("rich", "<p>\u2067rtl\u2069</p>")
	record.Set("texts", map[string]string{"it": "Ciao\u202E", "ar": "مرحبا\u200F"})
	record.Set("nested", []any{map[string]any{"title": map[string]string{"it": "\u202Dx"}}, "y\u2066"})
	record.Set("count", 3)
	if err := inputguard.CleanRecord(record); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"plain":  "gnp.exe",
		"rich":   "<p>rtl</p>",
		"texts":  `{"ar":"مرحبا` + "\u200F" + `","it":"Ciao"}`,
		"nested": `[{"title":{"it":"x"}},"y"]`,
	}
	for field, w := range want {
		if got := record.GetString(field); got != w {
			t.Errorf("%s = %q, want %q", field, got, w)
		}
	}

	record.Set("plain", "ok")
	record.Set("texts", types.JSONRaw(`{"it":"Caf`+"\xe9"+`"}`)) // Latin-1, not UTF-8
	errs, _ := inputguard.CleanRecord(record).(validation.Errors)
	assertCode(t, errs["texts"], "validation_invalid_utf8")
}

func TestNumberInput(t *testing.T) {
	for _, ok := range []any{nil, "", "10", "-3", "45.13", 10.0, 0.0} {
		if err := inputguard.NumberInput(ok); err != nil {
			t.Errorf("%#v refused: %v", ok, err)
		}
	}
	for _, bad := range []any{"10abc", "45,13", " 10", "1e3", "Inf", "NaN", "0x10", "+5", true, []any{"1"}, map[string]any{}} {
		assertCode(t, inputguard.NumberInput(bad), "validation_number_format")
	}
}

type coder interface{ Code() string }

// assertCode checks err carries code; with code "" any error will do (a
// validation.Errors map names fields, not one code).
func assertCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %q", code)
	}
	if code == "" {
		return
	}
	if c, ok := err.(coder); !ok || c.Code() != code {
		t.Fatalf("got %v, want %q", err, code)
	}
}
