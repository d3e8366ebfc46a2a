package reading

import (
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold is what search compares: the text decomposed (NFD), without its
// nonspacing marks (Latin accents, Arabic tashkeel: a query and a text lose
// the same marks), without the Arabic tatweel, recomposed and in lower case. So
// "caffe" finds "Caffè" and "مدرسة" finds "مَدْرَسَة". The PWA's fold()
// (pb_public/components/services/fold.js) does the same offline; both read
// tests/fixtures/fold.json (TestFoldFollowsTheSharedCases).
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), runes.Remove(runes.Predicate(func(r rune) bool { return r == '\u0640' })), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Collator orders texts as the language does (golang.org/x/text/collate):
// "Élan" before "Elba" in French, not after "Emma" as bytes would have it
// (TestResultsFollowTheReadersCollation).
func Collator(lang string) *collate.Collator {
	return collate.New(language.Make(lang), collate.Loose)
}
