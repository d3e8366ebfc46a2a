// Package search answers GET /api/hub/search?q=…: the services and
// activities the caller may see whose texts, in any language the caller
// reads, contain every word of the query, ignoring accents, case and
// Arabic diacritics (reading.Fold), ordered by the collation of the
// caller's first language (reading.Collator).
package search

import (
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/reading"
	"github.com/cremona/hug/internal/syncfeed"
)

// MaxQuery bounds a query, in characters.
const MaxQuery = 100

// MaxResults bounds an answer.
const MaxResults = 100

// searched are the collections searched, with the field that names a result.
var searched = []struct{ collection, title string }{
	{"services", "name"},
	{"activities", "title"},
}

// Result is one record found: where it is, its name in the caller's best
// language, and which language that is.
type Result struct {
	Collection string `json:"collection"`
	ID         string `json:"id"`
	Text       string `json:"text"`
	Lang       string `json:"lang"`
}

type response struct {
	Results []Result `json:"results"`
}

// MustRegister binds the endpoint.
func MustRegister(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/search", handleSearch)
		return se.Next()
	})
}

func handleSearch(e *core.RequestEvent) error {
	q := e.Request.URL.Query().Get("q")
	words := strings.Fields(reading.Fold(q))
	if len(words) == 0 || utf8.RuneCountInString(q) > MaxQuery {
		return router.NewBadRequestError("search_bad_query", map[string]any{"q": validation.NewError("search_bad_query", "search_bad_query")})
	}
	chain, all := reading.Chain(e.Auth, e.Request)
	// Only q and langs are read: no client expression (filter, expand,
	// fields) reaches the loader.
	e.Request.URL.RawQuery = ""
	if info, err := e.RequestInfo(); err == nil {
		info.Query = map[string]string{}
	}
	var results []Result
	for _, s := range searched {
		collection, err := e.App.FindCachedCollectionByNameOrId(s.collection)
		if err != nil {
			return e.InternalServerError("", err)
		}
		records, err := syncfeed.Visible(e, collection, nil)
		if err != nil {
			return e.InternalServerError("", err)
		}
		for _, r := range records {
			if !matches(r, words, chain, all) {
				continue
			}
			text, _ := multitext.Parse([]byte(r.GetString(s.title)))
			best, lang := text.Best(chain...)
			results = append(results, Result{Collection: s.collection, ID: r.Id, Text: best, Lang: lang})
		}
	}
	collator := reading.Collator(chain[0])
	slices.SortStableFunc(results, func(a, b Result) int { return collator.CompareString(a.Text, b.Text) })
	if len(results) > MaxResults {
		results = results[:MaxResults]
	}
	if results == nil {
		results = []Result{}
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, response{Results: results})
}

// matches: every word is in the record's texts in the languages the caller
// reads (their chain and each field's original; every language for staff
// and mediators).
func matches(r *core.Record, words, chain []string, all bool) bool {
	var haystack strings.Builder
	for name := range multitext.Fields[r.Collection().Name] {
		text, err := multitext.Parse([]byte(r.GetString(name)))
		if err != nil {
			continue
		}
		original := multitext.SourceLanguage(r, name)
		for lang, value := range text {
			if all || lang == original || slices.Contains(chain, lang) {
				haystack.WriteString(reading.Fold(value))
				haystack.WriteByte('\n')
			}
		}
	}
	for _, f := range []string{"runner"} {
		haystack.WriteString(reading.Fold(r.GetString(f)))
	}
	h := haystack.String()
	for _, w := range words {
		if !strings.Contains(h, w) {
			return false
		}
	}
	return true
}
