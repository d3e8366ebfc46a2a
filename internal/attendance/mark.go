package attendance

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/vocab"
)

// Codes of Mark's refusals (message ids of locales/).
const (
	CodeNotStaff  = "attendance_staff_only"
	CodeBadPeople = "attendance_bad_people"
	CodeNotComing = "attendance_not_registered"
)

// Check is one tap at the door.
type Check struct {
	Registration string
	Present      bool
	// Adults and Children who came; nil: as many as registered.
	Adults, Children *int
	// At is when the tap was made (the tablet's clock); zero: now.
	At time.Time
}

// Mark records that a registered family came (or, Present false, did not),
// as staff member by marked it. It is idempotent: the record's id is the
// registration's, so marking twice (a replay, two tablets) writes one
// record, and of two taps the later one (by At) stands, whatever order they
// reach the hub in. A tap dated in the future is taken as now.
func Mark(app core.App, by *core.Record, c Check) (*core.Record, error) {
	if !vocab.IsStaff(by) {
		return nil, router.NewForbiddenError(CodeNotStaff, validation.Errors{"registration": validation.NewError(CodeNotStaff, "Only the centre's staff take attendance.")})
	}
	reg, err := app.FindRecordById("registrations", c.Registration)
	if err != nil {
		return nil, router.NewNotFoundError("", nil)
	}
	if reg.GetString("status") == "cancelled" && c.Present {
		return nil, validation.Errors{"registration": validation.NewError(CodeNotComing, "This registration was cancelled.")}
	}
	adults, children := reg.GetInt("adults"), reg.GetInt("children")
	if c.Adults != nil {
		adults = *c.Adults
	}
	if c.Children != nil {
		children = *c.Children
	}
	if adults < 0 || children < 0 || adults > 20 || children > 20 {
		return nil, validation.Errors{"adults": validation.NewError(CodeBadPeople, "The number of people who came is not valid.")}
	}
	if !c.Present {
		adults, children = 0, 0
	}
	now := time.Now()
	at := c.At
	if at.IsZero() || at.After(now) {
		at = now
	}

	record, err := app.FindRecordById(Collection, reg.Id)
	if err != nil {
		collection, err := app.FindCachedCollectionByNameOrId(Collection)
		if err != nil {
			return nil, err
		}
		record = core.NewRecord(collection)
		record.Id = reg.Id
		record.Set("registration", reg.Id)
		record.Set("activity", reg.GetString("activity"))
	} else if record.GetDateTime("marked_at").Time().After(at) {
		return record, nil // a later tap already stands
	}
	record.Set("present", c.Present)
	record.Set("adults", adults)
	record.Set("children", children)
	marked, _ := types.ParseDateTime(at)
	record.Set("marked_at", marked)
	if by.IsSuperuser() {
		record.Set("marked_by", "")
	} else {
		record.Set("marked_by", by.Id)
	}
	if err := app.Save(record); err != nil {
		return nil, err
	}
	return record, nil
}
