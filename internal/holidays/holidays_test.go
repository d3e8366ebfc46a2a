package holidays_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cremona/hug/internal/holidays"
)

type fixture struct {
	Rule  json.RawMessage `json:"rule"`
	Cases []struct {
		Name         string `json:"name"`
		Date         string `json:"date"`
		Municipality string `json:"municipality"`
		Holiday      string `json:"holiday"`
	} `json:"cases"`
}

func readFixture(t *testing.T) fixture {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "tests", "fixtures", "holidays.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSharedFixture: Go and the phone (tests/js/holidays.test.mjs) read the
// same table. Its rule is exactly what the hub serves, so the phone's test
// runs the rule the phone will receive.
func TestSharedFixture(t *testing.T) {
	f := readFixture(t)
	if len(f.Cases) < 20 {
		t.Fatalf("only %d cases", len(f.Cases))
	}
	served, _ := json.Marshal(holidays.Rules)
	var a, b any
	json.Unmarshal(served, &a)
	json.Unmarshal(f.Rule, &b)
	if ja, _ := json.Marshal(a); string(ja) != func() string { jb, _ := json.Marshal(b); return string(jb) }() {
		t.Errorf("the fixture's rule is not holidays.Rules: put this in tests/fixtures/holidays.json:\n%s", served)
	}
	for _, c := range f.Cases {
		if got := holidays.On(c.Date, c.Municipality); got != c.Holiday {
			t.Errorf("%s: On(%s, %q) = %q, want %q", c.Name, c.Date, c.Municipality, got, c.Holiday)
		}
	}
}

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2030: "2030-04-21", 2038: "2038-04-25"} {
		if got := holidays.Easter(year).Format(time.DateOnly); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

// Every year, not one: the rule has no end.
func TestEveryYearHasItsHolidays(t *testing.T) {
	for year := 2024; year <= 2100; year++ {
		n := 0
		for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if holidays.On(d.Format(time.DateOnly), "Cremona") != "" {
				n++
			}
		}
		want := 13 // 10 fixed dates before 2026, Easter, Easter Monday, Sant'Omobono
		if year >= 2026 {
			want = 14 // and San Francesco
		}
		if e := holidays.Easter(year); e.Month() == time.April && (e.Day() == 25 || e.Day() == 24) {
			want-- // Easter or Easter Monday on Liberation Day: one day, two holidays
		}
		if n != want {
			t.Errorf("%d: %d holidays in Cremona, want %d", year, n, want)
		}
	}
}
