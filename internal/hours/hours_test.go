package hours_test

import (
	"testing"
	"time"

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
		// the phone parses these with a regular expression and got NaN
		{"negative", `[{"day":1,"opens":"-0:30","closes":"09:00"}]`, "validation_hours_time"},
		{"plus sign", `[{"day":1,"opens":"+9:00","closes":"10:00"}]`, "validation_hours_time"},
		{"leading space", `[{"day":1,"opens":" 9:00","closes":"10:00"}]`, "validation_hours_time"},
		{"letter in the minutes", `[{"day":1,"opens":"09:0a","closes":"10:00"}]`, "validation_hours_time"},
		{"full-width digits", `[{"day":1,"opens":"０９:００","closes":"10:00"}]`, "validation_hours_time"},
		{"unknown key", `[{"day":1,"opens":"09:00","closes":"10:00","note":"x"}]`, "validation_hours_shape"},
		{"day as text", `[{"day":"1","opens":"09:00","closes":"10:00"}]`, "validation_hours_shape"},
		{"half a day", `[{"day":1.5,"opens":"09:00","closes":"10:00"}]`, "validation_hours_shape"},
		{"trailing data", `[] []`, "validation_hours_shape"},
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
		{"bad slot time", `[{"date":"2026-12-22","slots":[{"opens":"9:0a","closes":"12:00"}]}]`, "validation_hours_time"},
		{"note in every language", `[{"date":"2026-12-08","closed":true,"note":{"it":"Immacolata","en":"Immaculate Conception","ar":"عيد الحبل بلا دنس"}}]`, ""},
		{"note in an unknown language", `[{"date":"2026-12-08","closed":true,"note":{"it":"Immacolata","xx":"?"}}]`, "validation_multitext_language"},
		{"note that is not a text", `[{"date":"2026-12-08","closed":true,"note":"Immacolata"}]`, "validation_multitext_shape"},
		{"year 1900", `[{"date":"1900-12-08","closed":true}]`, "validation_date_range"},
		{"year 9999", `[{"date":"9999-12-08","closed":true}]`, "validation_date_range"},
		{"unknown key", `[{"date":"2026-12-08","closed":true,"open":false}]`, "validation_exceptions_shape"},
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, hours.ValidateExceptions([]byte(c.json), now), c.code)
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
