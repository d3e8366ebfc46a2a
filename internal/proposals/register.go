package proposals

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/vocab"
)

// MustRegister binds the proposal rules to the records API (the mutations
// call the same functions) and GET /api/hub/initiatives.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubProposalCreate",
		Func: func(e *core.RecordRequestEvent) error {
			if vocab.IsStaff(e.Auth) || e.HasSuperuserAuth() {
				return e.Next()
			}
			if err := CheckProposer(e.App, e.Auth); err != nil {
				return err
			}
			if err := CheckDates(e.Record.GetDateTime("starts_at").Time(), time.Now()); err != nil {
				return e.BadRequestError("", err)
			}
			return e.Next()
		},
	})
	app.OnRecordUpdateRequest("activities").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "hubProposalUpdate",
		Func: func(e *core.RecordRequestEvent) error {
			if vocab.IsStaff(e.Auth) || e.HasSuperuserAuth() || !IsOwner(e.App, e.Auth, e.Record.Original()) {
				return e.Next()
			}
			starts := e.Record.GetDateTime("starts_at")
			if starts.Equal(e.Record.Original().GetDateTime("starts_at")) {
				return e.Next()
			}
			if err := CheckDates(starts.Time(), time.Now()); err != nil {
				return e.BadRequestError("", err)
			}
			return e.Next()
		},
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/initiatives", handleInitiatives)
		return se.Next()
	})
}
