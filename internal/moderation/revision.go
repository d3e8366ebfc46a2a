package moderation

import (
	"encoding/json"
	"io"
	"sort"

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
// "pending" until staff decide, "rejected" or "changes_requested" (with
// the reason) until the owner edits again. An approved revision is applied and deleted.
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
	rev.Set("reason_template", "") // the decision it answered is over
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
// goes, and the decision is audited, in one transaction (Decide). Staff
// only. Proved by TestARevisionKeepsTheApprovedVersionPublic.
func ApproveRevision(app core.App, staff *core.Record, activityID, reason string) error {
	return decideRevisionOf(app, staff, activityID, Verdict{Action: "approve", ReasonText: reason})
}

// RejectRevision refuses the change waiting beside a published activity,
// with the reason its owner reads; the published version stays as it is.
// The revision is kept, "rejected", until the owner edits again. Staff only
// (Decide).
func RejectRevision(app core.App, staff *core.Record, activityID, reason string) error {
	return decideRevisionOf(app, staff, activityID, Verdict{Action: "reject", ReasonText: reason})
}

// decideRevisionOf decides the revision of an activity, as Decide does.
func decideRevisionOf(app core.App, staff *core.Record, activityID string, v Verdict) error {
	if err := staffOnly(staff); err != nil {
		return err
	}
	rev, err := Revision(app, activityID)
	if err != nil {
		return err
	}
	if rev == nil {
		return noRevision()
	}
	v.Revision = rev.Id
	_, err = Decide(app, staff, v)
	return err
}

// applyRevision puts a revision's fields (and its new cover) on its
// activity, which the caller saves; it returns the activity and the names
// of the fields changed, sorted.
func applyRevision(txApp core.App, rev *core.Record) (*core.Record, []string, error) {
	activity, err := txApp.FindRecordById("activities", rev.GetString("activity"))
	if err != nil {
		return nil, nil, noRevision()
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(rev.GetString("fields")), &fields); err != nil {
		return nil, nil, err
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
			return nil, nil, err
		}
		activity.Set("cover", file)
		names = append(names, "cover")
	}
	return activity, sorted(names), nil
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
