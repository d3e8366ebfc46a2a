package changelog

import "github.com/pocketbase/pocketbase/core"

// Touch writes rows for a record whose audiences change without a write of
// its own: a group's announcements when the group becomes private or
// public (internal/announcements), so phones that lose sight of them get a
// tombstone and phones that gain it get them. Call it with the transaction
// of the write that changed the audiences, naming both the old and the new
// ones.
func Touch(txApp core.App, collection, recordID string, audiences []string) error {
	return write(txApp, collection, recordID, audiences)
}
