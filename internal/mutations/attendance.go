package mutations

import (
	"time"

	"github.com/cremona/hug/internal/attendance"
)

// Taking attendance at the door, offline too: staff only, idempotent
// (attendance.Mark).
func init() {
	Register("mark_attendance", markAttendance)
}

// MarkAttendanceArgs: a family came (present) or not, how many of them
// (absent: as registered), and when the tap was made (RFC 3339).
type MarkAttendanceArgs struct {
	Registration string `json:"registration"`
	Present      bool   `json:"present"`
	Adults       *int   `json:"adults,omitempty"`
	Children     *int   `json:"children,omitempty"`
	At           string `json:"at,omitempty"`
}

func (a *MarkAttendanceArgs) Validate() error {
	if err := checkRecordID("registration", a.Registration); err != nil {
		return err
	}
	if a.At != "" {
		if _, err := time.Parse(time.RFC3339, a.At); err != nil {
			return badArgs("at")
		}
	}
	return nil
}

func markAttendance(c *Call, a *MarkAttendanceArgs) (Result, error) {
	var at time.Time
	if a.At != "" {
		at, _ = time.Parse(time.RFC3339, a.At) // checked by Validate
	}
	record, err := attendance.Mark(c.App, c.Auth, attendance.Check{
		Registration: a.Registration, Present: a.Present, Adults: a.Adults, Children: a.Children, At: at,
	})
	if err != nil {
		return Result{}, err
	}
	return Result{Record: record}, nil
}
