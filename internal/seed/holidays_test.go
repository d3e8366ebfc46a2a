package seed

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2030: "2030-04-21"} {
		if got := easter(year).Format(time.DateOnly); got != want {
			t.Errorf("easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestHolidaysBetweenSpansTheYearEnd(t *testing.T) {
	from := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	got := holidaysBetween(from, 60)
	for _, date := range []string{"2026-12-08", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-06"} {
		if got[date] == nil {
			t.Errorf("%s missing from %v", date, got)
		}
	}
	if got["2026-11-13"] != nil {
		t.Errorf("a past holiday was included")
	}
}
