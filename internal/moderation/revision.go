package moderation

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/changelog"
	"github.com/cremona/hug/internal/vocab"
)

// RevisionCollection holds the changes owners propose to published
// activities (pb_migrations/1764920000_proposals.js): one per activity,
// "pending" until staff decide, "rejected" (with the reason) until the
// owner edits again. An approved revision is applied and deleted.
const RevisionCollection = "activity_revisions"

// Revision is a change waiting beside a published activity.
func Revision(app core.App, activityID string) (*core.Record, error) {
	r, err := app.FindFirstRecordByFilter(RevisionCollection, "activity = {:a}", dbx.Params{"a": activityID})
	if err != nil {
		return nil, nil // none
	}
	return r, nil
}

// saveRevision keeps edited's changes to the named fields as the activity's
// revision (merged into one still waiting), then puts edited back as it
// was: what is saved of the activity is its approved version.
func saveRevision(app core.App, owner, edited *core.Record, changed []string) error {
	original := edited.Original()
	rev, err := Revision(app, edited.Id)
	if err != nil {
		return err
	}
	if rev == nil {
		collection, err := app.FindCachedCollectionByNameOrId(RevisionCollection)
		if err != nil {
			return err
		}
		rev = core.NewRecord(collection)
		rev.Set("activity", edited.Id)
	}
	fields := map[string]any{}
	if err := json.Unmarshal([]byte(rev.GetString("fields")), &fields); err != nil || fields == nil {
		fields = map[string]any{} // none yet
	}
	for _, name := range changed {
		if name == "cover" {
			if files := edited.GetUnsavedFiles("cover"); len(files) > 0 {
				rev.Set("cover", files[0])
				delete(fields, "cover")
			} else {
				rev.Set("cover", "")
				fields["cover"] = "" // the change removes the cover
			}
		} else {
			fields[name] = edited.Get(name)
		}
		edited.Set(name, original.Get(name))
	}
	if owner != nil {
		rev.Set("author", owner.Id)
	}
	rev.Set("fields", fields)
	rev.Set("status", "pending")
	rev.Set("reason", "")
	return app.Save(rev)
}

// dropRevision deletes an activity's revision, if it has one.
func dropRevision(app core.App, activityID string) error {
	rev, err := Revision(app, activityID)
	if err != nil || rev == nil {
		return err
	}
	return app.Delete(rev)
}

// noRevision is the refusal of a decision about a revision that is not
// waiting.
func noRevision() error {
	return router.NewNotFoundError("", validation.Errors{"activity": validation.NewError("revision_not_found", "This activity has no change waiting")})
}

func staffOnly(actor *core.Record) error {
	if !vocab.IsStaff(actor) {
		return router.NewForbiddenError("", validation.Errors{"request": validation.NewError("staff_only", "Only the centre's staff can do this")})
	}
	return nil
}

// ApproveRevision applies the change waiting beside a published activity:
// its fields (and its new cover) replace the published ones, the revision
// goes, and the decision is audited, in one transaction. Staff only; the
// staff console (next issue) calls it. Proved by
// TestARevisionKeepsTheApprovedVersionPublic.
func ApproveRevision(app core.App, staff *core.Record, activityID, reason string) error {
	if err := staffOnly(staff); err != nil {
		return err
	}
	return app.RunInTransaction(func(txApp core.App) error {
		rev, err := Revision(txApp, activityID)
		if err != nil {
			return err
		}
		if rev == nil || rev.GetString("status") != "pending" {
			return noRevision()
		}
		activity, err := txApp.FindRecordById("activities", activityID)
		if err != nil {
			return noRevision()
		}
		var fields map[string]any
		if err := json.Unmarshal([]byte(rev.GetString("fields")), &fields); err != nil {
			return err
		}
		names := make([]string, 0, len(fields)+1)
		for name, value := range fields {
			if activity.Collection().Fields.GetByName(name) == nil || name == "status" {
				continue
			}
			activity.Set(name, value)
			names = append(names, name)
		}
		if cover := rev.GetString("cover"); cover != "" {
			file, err := copyFile(txApp, rev, cover)
			if err != nil {
				return err
			}
			activity.Set("cover", file)
			names = append(names, "cover")
		}
		if err := txApp.Save(activity); err != nil {
			return err
		}
		if err := txApp.Delete(rev); err != nil {
			return err
		}
		return Append(txApp, staff, Decision{Action: "approve_revision", Collection: "activities", RecordID: activityID,
			From: "approved", To: "approved", Reason: strings.TrimSpace(reason), Detail: strings.Join(sorted(names), ", ")})
	})
}

// RejectRevision refuses the change waiting beside a published activity,
// with the reason its owner reads; the published version stays as it is.
// The revision is kept, "rejected", until the owner edits again. Staff only.
func RejectRevision(app core.App, staff *core.Record, activityID, reason string) error {
	if err := staffOnly(staff); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return router.NewBadRequestError("", validation.Errors{"moderation_reason": validation.NewError("moderation_reason_required", "Write the reason: the proposer will read it.")})
	}
	return app.RunInTransaction(func(txApp core.App) error {
		rev, err := Revision(txApp, activityID)
		if err != nil {
			return err
		}
		if rev == nil || rev.GetString("status") != "pending" {
			return noRevision()
		}
		rev.Set("status", "rejected")
		rev.Set("reason", reason)
		if err := txApp.Save(rev); err != nil {
			return err
		}
		return Append(txApp, staff, Decision{Action: "reject_revision", Collection: "activities", RecordID: activityID,
			From: "approved", To: "approved", Reason: reason})
	})
}

// copyFile reads a stored file of record into a new upload.
func copyFile(app core.App, record *core.Record, name string) (*filesystem.File, error) {
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	r, err := fsys.GetReader(record.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, err
	}
	return filesystem.NewFileFromBytes(data, name)
}

func sorted(names []string) []string {
	sort.Strings(names)
	return names
}

// revisionAudiences mirrors the revisions' view rule: the activity's
// owners (its proposer, its organization's members) and staff.
func revisionAudiences(app core.App, r *core.Record) ([]string, error) {
	activity, err := app.FindRecordById("activities", r.GetString("activity"))
	if err != nil {
		return nil, nil
	}
	var out []string
	if p := activity.GetString("proposer"); p != "" {
		out = append(out, changelog.User(p))
	}
	if o := activity.GetString("organization"); o != "" {
		out = append(out, changelog.Org(o))
	}
	return out, nil
}
