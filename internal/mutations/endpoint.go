package mutations

import (
	"encoding/json"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/i18n"
)

// Response is the body of POST /api/hub/mutations.
type Response struct {
	Results []Outcome `json:"results"`
	// Cursor is the change log's newest seq after the batch: a pull up to
	// it shows the phone its own changes as the server holds them.
	Cursor int64 `json:"cursor"`
}

func batchError(status int, code string) error {
	data := validation.Errors{"mutations": validation.NewError(code, code)}
	if status == http.StatusRequestEntityTooLarge {
		return router.NewApiError(status, code, data)
	}
	return router.NewBadRequestError(code, data)
}

// handle applies a batch in order, each mutation in its own transaction; a
// rejected one does not stop the next. A server failure stops the batch
// with a 500: the mutations before it are stored and come back as replays
// when the phone sends the batch again.
func handle(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		var body struct {
			Mutations []json.RawMessage `json:"mutations"`
		}
		err := json.NewDecoder(e.Request.Body).Decode(&body)
		// PocketBase reads the body again for RequestInfo (EnrichRecord)
		if rereader, ok := e.Request.Body.(router.Rereader); ok {
			rereader.Reread()
		}
		if err != nil || body.Mutations == nil {
			return batchError(http.StatusBadRequest, CodeBatchMalformed)
		}
		if len(body.Mutations) > MaxBatch {
			return batchError(http.StatusRequestEntityTooLarge, CodeBatchTooLarge)
		}
		lang := language(catalog, e)
		b := &batch{event: e, auth: e.Auth}
		res := Response{Results: make([]Outcome, 0, len(body.Mutations))}
		for _, raw := range body.Mutations {
			out, err := b.apply(raw)
			if err != nil {
				return e.InternalServerError("", err)
			}
			res.Results = append(res.Results, localize(catalog, lang, out))
		}
		res.Cursor = cursor(e.App)
		return e.JSON(http.StatusOK, res)
	}
}

// language is the caller's: the one the request asks for (?lang=,
// Accept-Language), else the first of their profile.
func language(catalog *i18n.Catalog, e *core.RequestEvent) string {
	if e.Request.URL.Query().Get("lang") != "" || e.Request.Header.Get("Accept-Language") != "" {
		return catalog.RequestLang(e.Request)
	}
	return catalog.Match(e.Auth.GetStringSlice("languages")...)
}

// localize puts a rejection's messages in lang, the way internal/i18n does
// for every API error (the stored outcome keeps the codes only).
func localize(catalog *i18n.Catalog, lang string, out Outcome) Outcome {
	if out.Error == nil {
		return out
	}
	// a copy: the data may be shared with a stored outcome
	var data map[string]any
	raw, _ := json.Marshal(out.Error.Data)
	_ = json.Unmarshal(raw, &data)
	if data == nil {
		data = map[string]any{}
	}
	apiErr := &router.ApiError{Status: out.Error.Status, Message: out.Error.Message, Data: data}
	catalog.LocalizeError(lang, apiErr)
	e := *out.Error
	e.Message, e.Data = apiErr.Message, apiErr.Data
	out.Error = &e
	return out
}

// cursor is the newest seq of the change log (internal/changelog), 0 if
// there is none.
func cursor(app core.App) int64 {
	var seq struct {
		Seq int64 `db:"seq"`
	}
	if err := app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) AS seq FROM hub_changes").One(&seq); err != nil {
		return 0
	}
	return seq.Seq
}
