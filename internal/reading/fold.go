package reading

import (
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Fold is what search compares: the text decomposed (NFD), without the
// marks that are accents (Latin accents, Cyrillic's, Arabic tashkeel: a
// query and a text lose the same marks), without the Arabic tatweel,
// recomposed and in lower case. So "caffe" finds "Caffè" and "مدرسة" finds
// "مَدْرَسَة". Marks that are letters stay: Gurmukhi's vowel signs (ਕੁੜੀ
// is not ਕੜੀ), and Ukrainian's й and ї, letters of their own (мій is not
// мии). The PWA's fold() (pb_public/fold.js) does the same offline; both
// read tests/fixtures/fold.json (TestFoldFollowsTheSharedCases).
func Fold(s string) string {
	var b strings.Builder
	var base rune
	for _, r := range norm.NFD.String(s) {
		if r == '\u0640' {
			continue // tatweel
		}
		if unicode.Is(unicode.Mn, r) {
			if isAccent(r) && !letterMark(base, r) {
				continue
			}
		} else {
			base = r
		}
		b.WriteRune(r)
	}
	return strings.ToLower(norm.NFC.String(b.String()))
}

// isAccent: a mark shared by scripts (Unicode's "Inherited": the combining
// accents, most of Arabic's tashkeel) or one of Arabic's own.
func isAccent(mark rune) bool {
	return unicode.Is(unicode.Inherited, mark) || unicode.Is(unicode.Arabic, mark)
}

// letterMark: the breve of й and the diaeresis of ї, which make letters.
func letterMark(base, mark rune) bool {
	switch mark {
	case '\u0306':
		return base == 'и' || base == 'И'
	case '\u0308':
		return base == 'і' || base == 'І'
	}
	return false
}

// Collator orders texts as the language does (golang.org/x/text/collate):
// "Élan" before "Elba" in French, not after "Emma" as bytes would have it
// (TestResultsFollowTheReadersCollation).
func Collator(lang string) *collate.Collator {
	return collate.New(language.Make(lang), collate.Loose)
}
