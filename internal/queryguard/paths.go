package queryguard

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/tokenizer"
)

// refusal names what a client may not name, for the error it gets back.
type refusal struct {
	param string // filter, sort, expand, fields, subscriptions
	field string // the offending path, as the client wrote it
}

func (r *refusal) Error() string { return fmt.Sprintf("%s: %q is not allowed", r.param, r.field) }

// checker checks one role's expressions against the allowlist, resolving
// names through the live schema exactly as PocketBase does (collections by
// name or id, case-insensitive; fields by exact name; "x_via_y" back-relations).
type checker struct {
	app  core.App
	role Role
}

// the same pattern PocketBase's resolver and expand use for back-relations
var viaRegex = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// macros PocketBase's filter understands (tools/search/identifier_macros.go):
// they name the clock, not data.
var macros = map[string]bool{
	"@now": true, "@yesterday": true, "@tomorrow": true, "@second": true, "@minute": true, "@hour": true,
	"@day": true, "@month": true, "@weekday": true, "@year": true, "@todayStart": true, "@todayEnd": true,
	"@monthStart": true, "@monthEnd": true, "@yearStart": true, "@yearEnd": true,
}

// modifiers a client may put on the last part of a filter or sort path.
var modifiers = map[string]bool{"lower": true, "length": true, "each": true}

// filter checks a filter expression, parsed with PocketBase's own parser.
func (c checker) filter(collection *core.Collection, expr string) error {
	groups, err := fexpr.Parse(expr)
	if err != nil {
		return &refusal{"filter", expr}
	}
	return c.groups(collection, groups)
}

func (c checker) groups(collection *core.Collection, groups []fexpr.ExprGroup) error {
	for _, g := range groups {
		switch item := g.Item.(type) {
		case fexpr.Expr:
			for _, t := range []fexpr.Token{item.Left, item.Right} {
				if err := c.token(collection, t); err != nil {
					return err
				}
			}
		case []fexpr.ExprGroup:
			if err := c.groups(collection, item); err != nil {
				return err
			}
		default:
			return &refusal{"filter", fmt.Sprint(g.Item)}
		}
	}
	return nil
}

func (c checker) token(collection *core.Collection, t fexpr.Token) error {
	switch t.Type {
	case fexpr.TokenText, fexpr.TokenNumber:
		return nil
	case fexpr.TokenIdentifier:
		switch strings.ToLower(t.Literal) {
		case "null", "true", "false":
			if collection.Fields.GetByName(t.Literal) == nil {
				return nil
			}
		}
		if macros[t.Literal] {
			return nil
		}
		if !c.path(collection, t.Literal) {
			return &refusal{"filter", t.Literal}
		}
		return nil
	case fexpr.TokenFunction:
		if _, ok := search.TokenFunctions[t.Literal]; !ok {
			return &refusal{"filter", t.Literal}
		}
		args, _ := t.Meta.([]fexpr.Token)
		for _, a := range args {
			if err := c.token(collection, a); err != nil {
				return err
			}
		}
		return nil
	}
	return &refusal{"filter", t.Literal}
}

// sort checks a sort expression, split with PocketBase's own parser.
func (c checker) sort(collection *core.Collection, expr string) error {
	for _, f := range search.ParseSortFromString(expr) {
		if f.Name == "@random" {
			continue
		}
		if !c.path(collection, f.Name) {
			return &refusal{"sort", f.Name}
		}
	}
	return nil
}

// path reports whether a filter or sort identifier stays on the allowlist:
// a direct field of the collection, or a chain of relations each of which
// leads into a collection the role sees whole.
func (c checker) path(collection *core.Collection, name string) bool {
	parts := strings.Split(name, ".")
	last, modifier, hasModifier := strings.Cut(parts[len(parts)-1], ":")
	if hasModifier && !modifiers[modifier] {
		return false
	}
	parts[len(parts)-1] = last
	current := collection
	for i, part := range parts {
		a := lookup(current.Name, c.role)
		if a == nil || part == "" {
			return false
		}
		if field := current.Fields.GetByName(part); field != nil {
			if !a.fields[field.GetName()] {
				return false
			}
			if i == len(parts)-1 {
				return true
			}
			switch f := field.(type) {
			case *core.JSONField:
				return !hasModifier || modifier == "lower" // the rest is a path inside this row's JSON
			case *core.RelationField:
				target, err := c.app.FindCachedCollectionByNameOrId(f.CollectionId)
				if err != nil || !c.whole(target) {
					return false
				}
				current = target
				continue
			}
			return false
		}
		// a back-relation: the rows of another collection that point here
		back, ok := c.backRelation(current, part)
		if !ok || !c.whole(back) {
			return false
		}
		current = back
		if i == len(parts)-1 {
			return false // "x_via_y" alone compares ids of rows: name a field
		}
	}
	return false
}

// backRelation resolves "x_via_y" from collection: x must have a relation
// field y into collection, and the role must be allowed to name y in x.
func (c checker) backRelation(collection *core.Collection, part string) (*core.Collection, bool) {
	m := viaRegex.FindStringSubmatch(part)
	if m == nil {
		return nil, false
	}
	back, err := c.app.FindCachedCollectionByNameOrId(m[1])
	if err != nil {
		return nil, false
	}
	rel, ok := back.Fields.GetByName(m[2]).(*core.RelationField)
	if !ok || rel.CollectionId != collection.Id {
		return nil, false
	}
	a := lookup(back.Name, c.role)
	return back, a != nil && a.fields[rel.Name]
}

func (c checker) whole(collection *core.Collection) bool {
	a := lookup(collection.Name, c.role)
	return a != nil && a.whole
}

// expand checks an expand list: each step must be on the expand allowlist of
// the collection it starts from.
func (c checker) expand(collection *core.Collection, expr string) error {
	for _, path := range strings.Split(expr, ",") {
		path = strings.TrimSpace(path)
		if path == "" {
			continue
		}
		if _, ok := c.expandPath(collection, strings.Split(path, ".")); !ok {
			return &refusal{"expand", path}
		}
	}
	return nil
}

// expandPath walks an expand path and returns the collection it ends in.
func (c checker) expandPath(collection *core.Collection, parts []string) (*core.Collection, bool) {
	current := collection
	for _, part := range parts {
		next, ok := c.expandStep(current, part)
		if !ok {
			return nil, false
		}
		current = next
	}
	return current, true
}

func (c checker) expandStep(current *core.Collection, part string) (*core.Collection, bool) {
	a := lookup(current.Name, c.role)
	if a == nil || !a.expand[part] {
		return nil, false
	}
	if rel, ok := current.Fields.GetByName(part).(*core.RelationField); ok {
		target, err := c.app.FindCachedCollectionByNameOrId(rel.CollectionId)
		return target, err == nil
	}
	if m := viaRegex.FindStringSubmatch(part); m != nil {
		back, err := c.app.FindCachedCollectionByNameOrId(m[1])
		if err != nil {
			return nil, false
		}
		rel, ok := back.Fields.GetByName(m[2]).(*core.RelationField)
		return back, ok && rel.CollectionId == current.Id
	}
	return nil, false
}

// fields checks a ?fields= list, in the shape of a record (list items or a
// view) or of an auth response ({token, record, meta}).
func (c checker) fields(collection *core.Collection, expr string, authResponse bool) error {
	items, err := splitFields(expr)
	if err != nil {
		return &refusal{"fields", expr}
	}
	for _, item := range items {
		path := item
		if i := strings.Index(path, ":"); i >= 0 { // a modifier such as :excerpt(200,true)
			path = path[:i]
		}
		parts := strings.Split(strings.TrimSpace(path), ".")
		ok := false
		if authResponse {
			switch parts[0] {
			case "token", "meta": // the caller's own token and sign-in metadata
				ok = true
			case "record", "*":
				ok = len(parts) == 1 || c.pick(collection, parts[1:])
			}
		} else {
			ok = c.pick(collection, parts)
		}
		if !ok {
			return &refusal{"fields", item}
		}
	}
	return nil
}

// pick reports whether a fields path names what the role may read: a
// field, "*", or an allowed expand followed by the same.
func (c checker) pick(collection *core.Collection, parts []string) bool {
	current := collection
	for i := 0; i < len(parts); i++ {
		part := parts[i]
		if part == "*" {
			return i == len(parts)-1
		}
		if part == "expand" {
			if i == len(parts)-1 {
				return true // the expand object: only allowed expands are in it
			}
			next, ok := c.expandStep(current, parts[i+1])
			if !ok {
				return false
			}
			current = next
			i++
			continue
		}
		a := lookup(current.Name, c.role)
		field := current.Fields.GetByName(part)
		if a == nil || field == nil || !a.pick[field.GetName()] {
			return false
		}
		// inside a JSON field (title.it) the rest is that row's own data
		return i == len(parts)-1 || field.Type() == core.FieldTypeJSON
	}
	return false
}

// splitFields splits a fields list with the tokenizer PocketBase's picker
// uses (commas inside modifier arguments stay).
func splitFields(raw string) ([]string, error) {
	return tokenizer.NewFromString(raw).ScanAll()
}
