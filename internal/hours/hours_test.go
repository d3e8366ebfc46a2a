package hours_test

import (
	"testing"

	"github.com/cremona/hug/internal/hours"
)

func TestValidateWeekly(t *testing.T) {
	cases := []struct {
		name string
		json string
		code string // "" means valid
	}{
		{"empty", ``, ""},
		{"seed hours of piazza Giovanni XXIII", `[{"day":2,"opens":"12:00","closes":"14:00"},{"day":4,"opens":"17:00","closes":"19:00"}]`, ""},
		{"two slots same day, touching", `[{"day":1,"opens":"08:00","closes":"10:00"},{"day":1,"opens":"10:00","closes":"12:00"}]`, ""},
		{"until midnight", `[{"day":5,"opens":"20:00","closes":"24:00"}]`, ""},
		{"overlap", `[{"day":1,"opens":"08:00","closes":"10:00"},{"day":1,"opens":"09:30","closes":"11:00"}]`, "validation_hours_overlap"},
		{"past midnight", `[{"day":1,"opens":"23:00","closes":"24:30"}]`, "validation_hours_time"},
		{"hour 25", `[{"day":1,"opens":"25:00","closes":"26:00"}]`, "validation_hours_time"},
		{"minute 60", `[{"day":1,"opens":"08:60","closes":"09:00"}]`, "validation_hours_time"},
		{"closes before opens", `[{"day":1,"opens":"10:00","closes":"08:00"}]`, "validation_hours_order"},
		{"day 8", `[{"day":8,"opens":"08:00","closes":"09:00"}]`, "validation_hours_day"},
		{"not a list", `{"day":1}`, "validation_hours_shape"},
		{"loose time", `[{"day":1,"opens":"8:00","closes":"09:00"}]`, "validation_hours_time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, hours.ValidateWeekly([]byte(c.json)), c.code)
		})
	}
}

func TestValidateExceptions(t *testing.T) {
	cases := []struct {
		name string
		json string
		code string
	}{
		{"holiday", `[{"date":"2026-12-08","closed":true,"note":{"it":"Immacolata"}}]`, ""},
		{"extra opening", `[{"date":"2026-12-22","slots":[{"opens":"09:00","closes":"12:00"}]}]`, ""},
		{"bad date", `[{"date":"2026-13-01","closed":true}]`, "validation_exceptions_date"},
		{"twice", `[{"date":"2026-12-08","closed":true},{"date":"2026-12-08","closed":true}]`, "validation_exceptions_duplicate"},
		{"closed with slots", `[{"date":"2026-12-08","closed":true,"slots":[{"opens":"09:00","closes":"10:00"}]}]`, "validation_exceptions_closed_with_slots"},
		{"overlapping slots", `[{"date":"2026-12-22","slots":[{"opens":"09:00","closes":"12:00"},{"opens":"11:00","closes":"13:00"}]}]`, "validation_hours_overlap"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, hours.ValidateExceptions([]byte(c.json)), c.code)
		})
	}
}

type coder interface{ Code() string }

func assertCode(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	c, ok := err.(coder)
	if !ok || c.Code() != want {
		t.Fatalf("want error %q, got %v", want, err)
	}
}
