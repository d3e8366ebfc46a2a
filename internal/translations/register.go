package translations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/changelog"
)

// MustRegister syncs the drafts to their authors (staff read every row),
// mirroring the collection's view rule `author = me || staff`.
func MustRegister(app core.App) {
	changelog.Track(app, DraftsCollection, func(_ core.App, r *core.Record) ([]string, error) {
		return []string{changelog.User(r.GetString("author"))}, nil
	}, nil)
}
