// What search compares, as the server's reading.Fold does (internal/reading):
// the text decomposed, without the marks that are accents (Latin and
// Cyrillic accents, Arabic tashkeel) and the Arabic tatweel, recomposed, in
// lower case. So "caffe" finds "Caffè" offline too. Marks that are letters
// stay: Gurmukhi's vowel signs, Ukrainian's й and ї. tests/js/fold.test.mjs
// and Go's TestFoldFollowsTheSharedCases read the same cases
// (tests/fixtures/fold.json).

const mark = /\p{Mn}/u
const accent = /[\p{Script=Inherited}\p{Script=Arabic}]/u
/** The marks that make a letter with their base: й, ї. */
const letterMark = { "\u0306": /[иИ]/u, "\u0308": /[іІ]/u }

/** @param {unknown} s */
export function fold(s) {
  let out = ""
  let base = ""
  for (const c of String(s ?? "").normalize("NFD")) {
    if (c === "\u0640") continue // tatweel
    if (mark.test(c)) {
      if (accent.test(c) && !letterMark[c]?.test(base)) continue
    } else {
      base = c
    }
    out += c
  }
  return out.normalize("NFC").toLowerCase()
}
