package vocab

import (
	"encoding/json"

	"github.com/dop251/goja"
)

// BindJS gives a JS runtime (a migration's or a hook's) the vocabulary as
// the frozen global `hugVocab`, shaped like Shared:
//
//	hugVocab.languages[0].code === "it"; hugVocab.age_bands; hugVocab.roles
//
// The hub passes it as jsvm's OnInit, so pb_migrations and pb_hooks read the
// one definition instead of keeping copies.
func BindJS(vm *goja.Runtime) {
	raw, err := json.Marshal(Snapshot(nil))
	if err != nil {
		panic(err) // plain strings and slices: cannot fail
	}
	// JSON is a JS expression; freezing keeps one script from changing what
	// the next one reads.
	value, err := vm.RunString(`(function deepFreeze(o) {
		Object.values(o).forEach(function (v) { if (typeof v === "object" && v !== null) deepFreeze(v) })
		return Object.freeze(o)
	})(` + string(raw) + `)`)
	if err != nil {
		panic(err)
	}
	if err := vm.Set("hugVocab", value); err != nil {
		panic(err)
	}
}
