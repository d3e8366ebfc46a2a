package poke

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
)

// pageSize is how many rows of the change log one read takes; a burst
// larger than this is read in several pages and still poked once.
const pageSize = 2000

type row = changelog.Row

func latest(app core.App) (int64, error) { return changelog.Latest(app) }

func after(app core.App, cursor int64, limit int) ([]row, error) {
	return changelog.After(app, cursor, limit)
}

// membershipsChanged: a batch that changes who belongs to an organization
// or a group (or resets someone's view) makes the member index stale.
func membershipsChanged(batch []row) bool {
	for _, r := range batch {
		if r.Collection == "memberships" || r.Collection == "organizations" || r.IsReset() {
			return true
		}
	}
	return false
}
