package accounts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/moderation"
)

// onOrganizationWrite translates a records API create or update of an
// organization into ReviewOrganizationChange; a change of members is saved
// with its audit line in one transaction.
func onOrganizationWrite(e *core.RecordRequestEvent) error {
	change, err := ReviewOrganizationChange(e.Auth, e.Record)
	if err != nil {
		if notAllowed(err) {
			return e.ForbiddenError("You are not allowed to perform this request.", err)
		}
		return e.BadRequestError("An error occurred while validating the submitted data.", err)
	}
	if !change.MembersChanged || e.Record.IsNew() {
		return e.Next()
	}
	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		return auditMembers(txApp, e.Auth, e.Record.Id, change)
	})
}

// notAllowed reports whether a refusal is about who may change what (403)
// rather than about the values sent (400).
func notAllowed(err error) bool {
	errs, ok := err.(validation.Errors)
	if !ok {
		return false
	}
	for _, fieldErr := range errs {
		var coded validation.Error
		if !errors.As(fieldErr, &coded) || (coded.Code() != codeStaffOnly && coded.Code() != codeMembersByManager) {
			return false
		}
	}
	return true
}

// auditMembers writes who added and removed which members, through the
// audit log's one writer (internal/moderation), which chains the line.
func auditMembers(txApp core.App, actor *core.Record, orgID string, change OrganizationChange) error {
	var added, removed []string
	for _, id := range change.MembersTo {
		if !slices.Contains(change.MembersFrom, id) {
			added = append(added, id)
		}
	}
	for _, id := range change.MembersFrom {
		if !slices.Contains(change.MembersTo, id) {
			removed = append(removed, id)
		}
	}
	return moderation.Append(txApp, actor, moderation.Decision{
		Action:     "change_members",
		Collection: "organizations",
		RecordID:   orgID,
		Detail:     fmt.Sprintf("added: %s; removed: %s", strings.Join(added, ", "), strings.Join(removed, ", ")),
	})
}
