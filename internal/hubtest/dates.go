package hubtest

import "time"

// InDays is the moment n days from now at clock ("HH:MM", UTC), written as
// PocketBase's date fields take it. Test activities use it to stay inside the
// window of dates the hub accepts (two years ahead at most: internal/dates).
func InDays(n int, clock string) string {
	day := time.Now().UTC().AddDate(0, 0, n)
	return day.Format(time.DateOnly) + " " + clock + ":00.000Z"
}
