// The PWA picks a multilingual field's text exactly as Go's multitext.Best
// does: both read tests/fixtures/multitext-best.json.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { best } from "../../pb_public/multitext.js"
import { pick, useBundle } from "../../pb_public/i18n.js"
import { useVocab } from "../../pb_public/vocab.js"

const { cases } = JSON.parse(readFileSync(new URL("../fixtures/multitext-best.json", import.meta.url), "utf8"))
// The order GET /api/hub/config gives (internal/vocab); the fixture's own
// cases say what that order implies.
const source = "it"
const order = ["it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"]

test("the shared table has cases", () => assert.ok(cases.length >= 10))

for (const c of cases) {
  test(`best: ${c.name}`, () => {
    assert.deepEqual(best(c.field, c.wanted, source, order), { text: c.text, lang: c.lang })
  })
}

// pick() is best() for the reader's language, with the vocabulary in use,
// and says when the text is not in the reader's language.
test("pick follows the same cases for a one-language reader", () => {
  globalThis.document = { documentElement: {} } // useBundle sets lang and dir on it
  useVocab({ source_language: source, languages: order.map((code) => ({ code, dir: code === "ar" ? "rtl" : "ltr" })), time_zone: "Europe/Rome" })
  for (const c of cases.filter((c) => c.wanted.length === 1)) {
    useBundle({ lang: c.wanted[0], dir: "ltr", messages: {}, languages: {} })
    const got = pick(c.field)
    assert.deepEqual({ text: got.text, lang: got.lang }, { text: c.text, lang: c.lang }, c.name)
    assert.equal(got.original, c.text !== "" && c.lang !== c.wanted[0], c.name)
  }
})

// Among the languages the reader reads, a current translation comes before
// one made before the original changed; an out-of-date one still comes
// before the original in a language the reader did not ask for.
test("best prefers a current translation along the chain", () => {
  const field = { it: "Festa di primavera, ora alle 17", ar: "حفلة الربيع الساعة 16", fr: "Fête du printemps, à 17 h" }
  const arOutdated = (code) => code === "ar"
  assert.deepEqual(best(field, ["ar", "fr"], source, order, arOutdated), { text: field.fr, lang: "fr" }, "Arabic out of date, French current: French")
  assert.deepEqual(best(field, ["ar", "fr"], source, order), { text: field.ar, lang: "ar" }, "both current: Arabic first")
  assert.deepEqual(best({ it: field.it, ar: field.ar }, ["ar"], source, order, arOutdated), { text: field.ar, lang: "ar" },
    "only Arabic read, out of date: still Arabic (marked), not Italian")
  assert.deepEqual(best(field, ["ar", "it"], source, order, arOutdated), { text: field.it, lang: "it" }, "the original read too: the original")
})
