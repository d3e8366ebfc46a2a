package inputguard

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds the guards:
//   - hubCleanText: every save of every collection (API, seed, staff edits,
//     sync mutations) goes through CleanRecord, before the other validators
//     (priority -100), so they measure the text that will be stored
//     (TestTextIsCleanedBeforeItIsMeasured);
//   - hubRequestUTF8: every request body is checked once the body size limit
//     is in place (it runs right after PocketBase's body limit middleware, so
//     it never reads more than the limit: TestBodiesAreReadOnlyWithinTheLimit);
//   - hubNumberInput: every record create and update request.
func MustRegister(app core.App) {
	app.OnRecordValidate().Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "hubCleanText",
		Priority: -100,
		Func: func(e *core.RecordEvent) error {
			if err := CleanRecord(e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "hubRequestUTF8",
			Priority: apis.DefaultBodyLimitMiddlewarePriority + 1,
			Func: func(e *core.RequestEvent) error {
				if err := RequestUTF8(e.Request); err != nil {
					return e.BadRequestError("The request is not valid UTF-8 text.", err)
				}
				return e.Next()
			},
		})
		return se.Next()
	})

	checkNumbers := func(e *core.RecordRequestEvent) error {
		body := map[string]any{}
		if err := e.BindBody(&body); err != nil {
			return e.Next() // an unreadable body: PocketBase has refused it already
		}
		if err := NumberFields(e.Collection, body); err != nil {
			return e.BadRequestError("Failed to read the submitted data.", err)
		}
		return e.Next()
	}
	app.OnRecordCreateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubNumberInput", Func: checkNumbers})
	app.OnRecordUpdateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "hubNumberInput", Func: checkNumbers})
}
