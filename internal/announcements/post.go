package announcements

import (
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/vocab"
)

// Codes of the refusals (message ids of locales/).
const (
	CodeStaffOnly    = "staff_only"
	CodeUnknownGroup = "announcement_unknown_group"
	CodeWithdrawn    = "announcement_withdrawn"
	CodeFixed        = "announcement_fixed"
)

func staffOnly() error {
	return router.NewForbiddenError("", validation.Errors{"request": validation.NewError(CodeStaffOnly, "Only the centre's staff can do this")})
}

// Post publishes r, a new announcement holding what staff wrote (group,
// title, body, urgent), as staff member by: it must be staff; the title and
// the text need their Italian original (translations optional); a group,
// if named, must exist. The server sets the status (published), the author
// and published_at (now), then save stores it (inside txApp, the caller's
// transaction) and the post is written to the audit log in the same
// transaction. The records API's create hook and the post_announcement
// mutation both call it; nothing is written when it refuses.
func Post(txApp core.App, by, r *core.Record, save func() error) error {
	if !vocab.IsStaff(by) {
		return staffOnly()
	}
	errs := validation.Errors{}
	for _, field := range []string{"title", "body"} {
		if err := multitext.Validate([]byte(r.GetString(field)), true); err != nil {
			errs[field] = err
		}
	}
	if g := r.GetString("group"); g != "" {
		if _, err := txApp.FindRecordById("groups", g); err != nil {
			errs["group"] = validation.NewError(CodeUnknownGroup, "There is no such group.")
		}
	}
	if len(errs) > 0 {
		return router.NewBadRequestError("", errs)
	}
	r.Set("status", "published")
	r.Set("published_at", types.NowDateTime())
	r.Set("author", "")
	if by.Collection().Name == "users" {
		r.Set("author", by.Id) // an operator (superuser) posts unsigned
	}
	if err := save(); err != nil {
		return err
	}
	to := "everyone"
	if g := r.GetString("group"); g != "" {
		to = "group " + g
	}
	return moderation.Append(txApp, by, moderation.Decision{Action: "post_announcement", Collection: Collection, RecordID: r.Id,
		To: "published", Detail: fmt.Sprintf("%s, urgent %v", to, r.GetBool("urgent"))})
}

// Withdraw takes a published announcement off every feed (it stays for
// staff, withdrawn), audited in the same transaction. r is the stored
// announcement with the change asked for: its status set to withdrawn and
// nothing else, since an announcement is never edited once posted (push
// notifications already carried it): staff withdraw it and post another.
// The records API's update hook and the withdraw_announcement mutation
// both call it.
func Withdraw(txApp core.App, by, r *core.Record, save func() error) error {
	if !vocab.IsStaff(by) {
		return staffOnly()
	}
	if r.Original().GetString("status") != "published" {
		return router.NewBadRequestError("", validation.Errors{"status": validation.NewError(CodeWithdrawn, "This announcement was already withdrawn.")})
	}
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if name != "status" && name != "updated" && fmt.Sprint(r.Get(name)) != fmt.Sprint(r.Original().Get(name)) {
			return router.NewBadRequestError("", validation.Errors{name: validation.NewError(CodeFixed, "A posted announcement cannot be changed: withdraw it and post a new one.")})
		}
	}
	if r.GetString("status") != "withdrawn" {
		return router.NewBadRequestError("", validation.Errors{"status": validation.NewError(CodeFixed, "A posted announcement cannot be changed: withdraw it and post a new one.")})
	}
	if err := save(); err != nil {
		return err
	}
	return moderation.Append(txApp, by, moderation.Decision{Action: "withdraw_announcement", Collection: Collection, RecordID: r.Id,
		From: "published", To: "withdrawn"})
}
