package notify

import (
	"encoding/json"

	"github.com/dop251/goja"
	"github.com/pocketbase/pocketbase/core"
)

// BindJS gives the JS hooks `$hub.notify(app, notice)`: Send with a notice
// written as an object (Notice's JSON fields). Pass the hook's `e.app`, the
// write's transaction, so the notice lands with the write or not at all:
//
//	$hub.notify(e.app, {key: "offer:" + id, kind: "offer", users: [user],
//	  title: {id: "notify_offer_title"}, body: {id: "notify_offer_body", params: {…}}, url: "/me"})
//
// A notice the policy got wrong (unknown kind or field, no title) throws,
// and the write fails with it: a policy error shows at once in its tests.
func BindJS(vm *goja.Runtime) {
	hub := vm.NewObject()
	_ = hub.Set("notify", func(app core.App, notice map[string]any) error {
		raw, err := json.Marshal(notice)
		if err != nil {
			return err
		}
		n, err := decode(raw)
		if err != nil {
			return err
		}
		return Send(app, n)
	})
	if err := vm.Set("$hub", hub); err != nil {
		panic(err)
	}
}
