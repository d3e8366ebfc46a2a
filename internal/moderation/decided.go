package moderation

import (
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/vocab"
)

// decidedBefore is the refusal of a decision on something no longer
// waiting: who decided (the staff member's display name) and when (Rome
// time), from the audit log's last line about it; without one (the owner
// withdrew it), that it is no longer waiting. A 409: the phone keeps the
// refusal on the queue's screen and the staff member sees the other's
// decision once the sync feed brings it.
func decidedBefore(txApp core.App, activityID, collection string, revisionID ...string) error {
	filter, params := `target_collection = "activities" && target_id = {:id} && action != "translate"`, dbx.Params{"id": activityID}
	if collection == RevisionCollection && len(revisionID) > 0 {
		filter, params = "detail ~ {:p}", dbx.Params{"p": "revision " + revisionID[0] + "%"}
	}
	lines, err := txApp.FindRecordsByFilter(AuditCollection, filter, "-seq", 1, 0, params)
	if err != nil || len(lines) == 0 {
		return router.NewApiError(http.StatusConflict, "", validation.Errors{"request": validation.NewError("moderation_not_waiting",
			"This is no longer waiting for a decision")})
	}
	line := lines[0]
	when := line.GetDateTime("created").Time().In(vocab.TimeZone)
	return router.NewApiError(http.StatusConflict, "", validation.Errors{"request": validation.NewError("moderation_already_decided",
		"Already decided").SetParams(map[string]any{
		"name": displayName(txApp, line.GetString("actor_id")),
		"when": when.Format("02/01/2006 15:04"),
		"at":   when.Format(time.RFC3339),
	})})
}

// displayName is how staff know each other: the account's name, else the
// e-mail's; an account deleted since is "—".
func displayName(app core.App, userID string) string {
	user, err := app.FindRecordById("users", userID)
	if err != nil {
		return "—"
	}
	if name := user.GetString("name"); name != "" {
		return name
	}
	return user.Email()
}
