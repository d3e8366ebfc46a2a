package translations

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"
)

// setText puts text into record at target's path, in its language.
func setText(record *core.Record, target Target, text string) error {
	parts := strings.Split(target.Field, ".")
	var root any
	if raw := record.GetString(parts[0]); raw != "" && raw != "null" {
		if err := json.Unmarshal([]byte(raw), &root); err != nil {
			return notTranslatable()
		}
	}
	if root == nil {
		root = map[string]any{}
	}
	node := root
	for _, part := range parts[1:] {
		switch v := node.(type) {
		case map[string]any:
			node = v[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return notTranslatable()
			}
			node = v[i]
		default:
			return notTranslatable()
		}
	}
	texts, ok := node.(map[string]any)
	if !ok {
		return notTranslatable()
	}
	texts[target.Language] = text
	raw, err := json.Marshal(root)
	if err != nil {
		return err
	}
	record.Set(parts[0], types.JSONRaw(raw))
	return nil
}

func notTranslatable() error {
	return validation.Errors{"field": validation.NewError("translation_not_translatable", "This field is not a translatable text")}
}

// saveRecord saves as the records API does: a validation failure is a 400
// with the fields marked, anything else a server failure.
func saveRecord(app core.App, record *core.Record) error {
	err := app.Save(record)
	var fields validation.Errors
	if err != nil && errors.As(err, &fields) {
		return router.NewBadRequestError("Failed to update record.", err)
	}
	return err
}

// saveDraft keeps actor's draft of target (an empty one discards it).
func saveDraft(app core.App, actor *core.Record, target Target, text string) (*core.Record, error) {
	draft, err := findDraft(app, actor, target)
	if err != nil {
		return nil, err
	}
	if text == "" {
		if draft != nil {
			return nil, app.Delete(draft)
		}
		return nil, nil
	}
	if draft == nil {
		collection, err := app.FindCachedCollectionByNameOrId(DraftsCollection)
		if err != nil {
			return nil, err
		}
		draft = core.NewRecord(collection)
		draft.Load(map[string]any{"target_collection": target.Collection, "target_id": target.Record,
			"field": target.Field, "language": target.Language, "author": actor.Id})
	}
	draft.Set("text", text)
	return draft, saveRecord(app, draft)
}

// dropDraft removes actor's draft of target, once published.
func dropDraft(app core.App, actor *core.Record, target Target) error {
	draft, err := findDraft(app, actor, target)
	if err != nil || draft == nil {
		return err
	}
	return app.Delete(draft)
}

func findDraft(app core.App, actor *core.Record, target Target) (*core.Record, error) {
	drafts, err := app.FindRecordsByFilter(DraftsCollection,
		"target_collection = {:c} && target_id = {:r} && field = {:f} && language = {:l} && author = {:a}", "", 1, 0,
		map[string]any{"c": target.Collection, "r": target.Record, "f": target.Field, "l": target.Language, "a": actor.Id})
	if err != nil || len(drafts) == 0 {
		return nil, err
	}
	return drafts[0], nil
}
