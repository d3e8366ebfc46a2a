package moderation

import "github.com/pocketbase/pocketbase/core"

// needsReasonKey is where pb_hooks/moderation.pb.js puts, in the app's
// store, the statuses a decision needs a reason for: the centre's policy,
// editable without a Go toolchain, which Decide follows too.
const needsReasonKey = "hubModerationNeedsReason"

// defaultNeedsReason is the policy when no pb_hooks file sets one.
var defaultNeedsReason = []string{"rejected", "changes_requested"}

// needsReason reports whether a decision giving status needs a reason.
func needsReason(app core.App, status string) bool {
	statuses := defaultNeedsReason
	if v := app.Store().Get(needsReasonKey); v != nil {
		statuses = nil
		switch list := v.(type) {
		case []any:
			for _, s := range list {
				if s, ok := s.(string); ok {
					statuses = append(statuses, s)
				}
			}
		case []string:
			statuses = list
		}
	}
	for _, s := range statuses {
		if s == status {
			return true
		}
	}
	return false
}
