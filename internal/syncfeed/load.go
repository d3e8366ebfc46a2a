package syncfeed

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// Visible loads the records of collection that the caller may list, those
// of ids only when ids is not nil, exactly as the records API's list does
// (apis/record_crud.go): the list rule through PocketBase's own resolver,
// then apis.EnrichRecords (hidden fields, e-mail visibility, enrich hooks).
// So a put carries what GET /api/collections/{c}/records would give this
// caller, and a record the rule hides is never loaded at all.
func Visible(e *core.RequestEvent, collection *core.Collection, ids []string) ([]*core.Record, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	superuser := info.HasSuperuserAuth()
	if !superuser && collection.ListRule == nil {
		return nil, nil // superusers only
	}
	query := e.App.RecordQuery(collection)
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		query.AndWhere(dbx.In(collection.Name+".id", toAny(ids)...))
	}
	if !superuser && *collection.ListRule != "" {
		resolver := core.NewRecordFieldResolver(e.App, collection, info, true)
		expr, err := search.FilterData(*collection.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		query.AndWhere(expr)
		if err := resolver.UpdateQuery(query); err != nil {
			return nil, err
		}
	}
	records := []*core.Record{}
	if err := query.All(&records); err != nil {
		return nil, err
	}
	if err := apis.EnrichRecords(e, records); err != nil {
		return nil, err
	}
	return records, nil
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
