package mutations

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Result is what an applied mutation gives back to the phone.
type Result struct {
	// Record is the record it wrote, as the records API would return it to
	// the caller; nil for a delete.
	Record *core.Record
	// Decided is what the server decided instead of what the phone
	// assumed (a registration that found the activity full: status
	// waitlisted); nil when it went as asked.
	Decided map[string]any
}

// Func applies one mutation inside its own transaction (c.App). It returns
// a *router.ApiError or validation error to reject the mutation (nothing it
// wrote is kept), any other error for a server failure.
type Func[A any] func(c *Call, args *A) (Result, error)

// Validator is implemented by argument types that check themselves after
// decoding (required fields, id formats); the errors' codes are localized.
type Validator interface{ Validate() error }

type entry struct {
	decode func(raw json.RawMessage) (any, error)
	apply  func(c *Call, args any) (Result, error)
}

var registry = map[string]entry{}

// Register adds a mutation name. Its arguments are decoded strictly into A
// (unknown fields, wrong types and trailing data are refused), then checked
// by A's Validate if it has one. Call it from an init function: one call per
// mutation (registrations.go, memberships.go, profile.go).
func Register[A any](name string, fn Func[A]) {
	if _, dup := registry[name]; dup {
		panic("mutations: " + name + " registered twice")
	}
	registry[name] = entry{
		decode: func(raw json.RawMessage) (any, error) {
			args := new(A)
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(args); err != nil {
				return nil, err
			}
			if dec.More() {
				return nil, fmt.Errorf("trailing data after the arguments")
			}
			if v, ok := any(args).(Validator); ok {
				if err := v.Validate(); err != nil {
					return nil, err
				}
			}
			return args, nil
		},
		apply: func(c *Call, args any) (Result, error) { return fn(c, args.(*A)) },
	}
}

// Names lists the registered mutations, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// badArgs is the refusal of arguments that do not fit the mutation.
func badArgs(field string) validation.Errors {
	return validation.Errors{field: validation.NewError(CodeBadArgs, "The arguments of this change are not valid.")}
}
