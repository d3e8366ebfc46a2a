package signup

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the sign-up request hook.
func MustRegister(app core.App) {
	app.OnRecordCreateRequest("users").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id:   "hubSignupPrivacy",
		Func: onCreate,
	})
}

// onCreate translates a users create request into AcceptPrivacy. A guest
// creating an account signs themselves up; staff creating one (a mediator)
// cannot accept on that person's behalf, so no time is recorded. The
// operator (superuser, admin UI) is not asked.
func onCreate(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	if e.Auth != nil {
		e.Record.Set(AcceptedField, "")
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	v := info.Body[AcceptField]
	accepted := v == true || v == "true" // JSON, or a form field
	if err := AcceptPrivacy(e.Record, accepted, time.Now()); err != nil {
		return e.BadRequestError("", err)
	}
	return e.Next()
}
