// What search compares, as the server's reading.Fold does (internal/reading):
// the text decomposed, without its nonspacing marks (accents, Arabic
// tashkeel) and the Arabic tatweel, recomposed, in lower case. So "caffe"
// finds "Caffè" offline too. tests/js/fold.test.mjs and Go's
// TestFoldFollowsTheSharedCases read the same cases (tests/fixtures/fold.json).

/** @param {unknown} s */
export function fold(s) {
  return String(s ?? "").normalize("NFD").replace(/[\p{Mn}\u0640]/gu, "").normalize("NFC").toLowerCase()
}
