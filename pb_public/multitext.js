// The best text of a multilingual field ({"it": "…", "ar": "…"}), chosen by
// the same chain as Go's multitext.Best: the wanted languages in order, then
// the source (the original), then the first of the hub's languages, in their
// fixed order, that has a text. Empty strings count as missing. Pure, so
// tests/js/best.test.mjs checks it against the cases Go's test reads too.

/**
 * @param {Record<string,string>|null|undefined} field
 * @param {string[]} wanted
 * @param {string} source
 * @param {string[]} order the hub's languages, in their fixed order
 * @returns {{text: string, lang: string}}
 */
export function best(field, wanted, source, order) {
  if (field) {
    for (const code of [...wanted, source, ...order]) {
      const value = Object.hasOwn(field, code) ? field[code] : ""
      if (typeof value === "string" && value !== "") return { text: value, lang: code }
    }
  }
  return { text: "", lang: source }
}
