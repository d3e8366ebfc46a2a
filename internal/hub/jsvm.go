package hub

import (
	"github.com/dop251/goja"

	"github.com/cremona/hug/internal/notify"
	"github.com/cremona/hug/internal/vocab"
)

// InitJS is jsvm's OnInit for every JS runtime of the hub, migrations and
// hooks alike: what Go defines once and the JS code reads (the `hugVocab`
// global). hubtest runs the migrations with it too, so what a test migrates
// is what the binary migrates.
func InitJS(vm *goja.Runtime) {
	vocab.BindJS(vm)
	notify.BindJS(vm) // $hub.notify for pb_hooks/notify.pb.js
}
