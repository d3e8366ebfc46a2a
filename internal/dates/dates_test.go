package dates_test

import (
	"testing"
	"time"

	"github.com/cremona/hug/internal/dates"
)

func TestInWindow(t *testing.T) {
	rome := dates.Zone
	now := time.Date(2026, 11, 26, 20, 0, 0, 0, rome)
	cases := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"today", now, true},
		{"the first day", time.Date(2024, 1, 1, 0, 0, 0, 0, rome), true},
		{"the evening before, in Rome", time.Date(2023, 12, 31, 23, 59, 0, 0, rome), false},
		{"1900", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"the last day, late evening", time.Date(2028, 11, 26, 23, 0, 0, 0, rome), true},
		{"the day after", time.Date(2028, 11, 27, 0, 0, 1, 0, rome), false},
		{"9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := dates.InWindow(c.at, now)
			if c.ok != (err == nil) {
				t.Fatalf("InWindow(%s) = %v", c.at, err)
			}
			if err != nil {
				if coded, ok := err.(interface{ Code() string }); !ok || coded.Code() != "validation_date_range" {
					t.Errorf("error %v has no stable code", err)
				}
			}
		})
	}
}
