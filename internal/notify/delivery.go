package notify

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/vocab"
)

// handleDelivery serves GET /api/hub/staff/announcements/{id}/delivery:
// how an announcement's pushes went, per state (queued, sent, failed,
// expired), and how many people's inboxes keep it. Staff only.
func handleDelivery(e *core.RequestEvent) error {
	if e.Auth == nil {
		return e.UnauthorizedError("", nil)
	}
	if !vocab.IsStaff(e.Auth) {
		return e.ForbiddenError("", nil)
	}
	announcement, err := e.App.FindRecordById("announcements", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	status, err := push.AnnouncementStatus(e.App, announcement.Id)
	if err != nil {
		return err
	}
	var inboxes int
	err = e.App.DB().NewQuery("SELECT count(*) FROM notifications n JOIN hub_notices h ON h.id = n.notice WHERE h.key = {:key}").
		Bind(map[string]any{"key": AnnouncementKey(announcement.Id)}).Row(&inboxes)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{
		"announcement": announcement.Id,
		"queued":       status["queued"],
		"sent":         status["sent"],
		"failed":       status["failed"],
		"expired":      status["expired"],
		"inboxes":      inboxes,
	})
}

// AnnouncementKey is the notice key of an announcement's publication
// (pb_hooks/notify.pb.js uses the same).
func AnnouncementKey(id string) string { return "announcement:" + id }
