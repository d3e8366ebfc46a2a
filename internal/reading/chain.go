// Package reading is how a person reads the hub's multilingual content: their
// language chain (the languages they read, most preferred first), the sync
// feed's texts cut to that chain, and search across the languages they read,
// ignoring accents, case and Arabic diacritics, ordered by their language's
// collation.
package reading

import (
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/language"

	"github.com/cremona/hug/internal/vocab"
)

// Chain is the reading chain of a caller: the hub's languages they read,
// most preferred first, and whether they get every language (staff and
// mediators: they edit the texts).
//
// A signed-in person's chain is their profile's `languages` (its first is
// also the interface language: set_language moves the chosen one to the
// front); a guest's (or a profile without languages) is the phone's choice,
// sent as `langs=ar,fr`, else the browser's Accept-Language matched to the
// hub's languages with golang.org/x/text/language.
func Chain(auth *core.Record, r *http.Request) (chain []string, all bool) {
	if auth != nil && (vocab.IsStaff(auth) || vocab.HasRole(auth, vocab.RoleMediator)) {
		return vocab.LanguageCodes(), true
	}
	if auth != nil && auth.Collection().Name == "users" {
		if chain = Known(auth.GetStringSlice("languages")); len(chain) > 0 {
			return chain, false
		}
	}
	if r != nil {
		if chain = Known(strings.Split(r.URL.Query().Get("langs"), ",")); len(chain) > 0 {
			return chain, false
		}
		if chain = MatchAccept(r.Header.Get("Accept-Language")); len(chain) > 0 {
			return chain, false
		}
	}
	return []string{vocab.Source}, false
}

// Known keeps the hub's languages of codes, once each, in order.
func Known(codes []string) []string {
	out := []string{}
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if vocab.IsLanguage(c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

var matcher = func() language.Matcher {
	var tags []language.Tag
	for _, c := range vocab.LanguageCodes() {
		tags = append(tags, language.MustParse(c))
	}
	return language.NewMatcher(tags)
}()

// MatchAccept turns an Accept-Language header into a chain: each language
// the browser names, in its order of preference, matched to one of the
// hub's ("ar-EG" is ar, "pa-Guru-IN" is pa, "zh-Hant" zh); languages the
// hub lacks are skipped.
func MatchAccept(header string) []string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return nil
	}
	codes := vocab.LanguageCodes()
	var out []string
	for _, t := range tags {
		_, index, confidence := matcher.Match(t)
		if confidence == language.No {
			continue
		}
		if c := codes[index]; !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
