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
 * @param {(code: string) => boolean} [stale] whether a language's text is a
 *   translation made before the original last changed: among the wanted
 *   languages a current text comes first (Arabic out of date, French
 *   current: French); an out-of-date one still beats the languages the
 *   reader did not ask for
 * @returns {{text: string, lang: string}}
 */
export function best(field, wanted, source, order, stale = () => false) {
  if (field) {
    const has = (code) => Object.hasOwn(field, code) && typeof field[code] === "string" && field[code] !== ""
    const current = wanted.find((code) => has(code) && !stale(code))
    if (current) return { text: field[current], lang: current }
    for (const code of [...wanted, source, ...order]) {
      if (has(code)) return { text: field[code], lang: code }
    }
  }
  return { text: "", lang: source }
}

/**
 * Where the text shown comes from, from the record's provenance (kept by
 * the server: multitext.Maintain): "original" when it is the original,
 * else who translated it ("mediator", "staff", "author"), and whether the
 * original changed since (the translation may be out of date).
 * @param {Record<string, any>|null|undefined} provenance the record's `provenance`
 * @param {string} path the text's path ("title")
 * @param {string} lang the language shown
 * @returns {{by: string, outdated: boolean, original: string}}
 */
export function origin(provenance, path, lang) {
  const p = provenance?.[path]
  if (!p || p.original === lang) return { by: "original", outdated: false, original: p?.original || lang }
  const tr = p.translations?.[lang]
  return { by: tr?.by || "staff", outdated: !!tr?.outdated, original: p.original }
}
