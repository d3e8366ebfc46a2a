// What the hub defines once in Go (internal/vocab) and the phone must know:
// the languages (in their fixed order, with direction and name), age bands,
// kinds of activity, audiences, service categories, roles, the time zone,
// the public holidays' rule (internal/holidays).
// It comes from GET /api/hub/config (data/store.js keeps it for offline use)
// and app.js hands it over with useVocab before the first screen renders.

/**
 * @typedef {{code: string, dir: "ltr"|"rtl", name?: string}} Language
 * @typedef {{source_language: string, languages: Language[], age_bands: string[], activity_kinds: string[],
 *   audiences: string[], service_categories: string[], roles: string[], time_zone: string,
 *   holidays?: {fixed: any[], easter: any[], local: any[]}, notify_kinds?: string[], notify_guest_kinds?: string[]}} Vocab
 */

/** @type {Vocab} */
export let vocab = {
  source_language: "", languages: [], age_bands: [], activity_kinds: [], audiences: [], service_categories: [], roles: [], time_zone: "",
}

/** @param {Vocab} v */
export function useVocab(v) {
  vocab = v
}

/** The hub's language codes, in the fixed order of the fallback chain. */
export function languageCodes() {
  return vocab.languages.map((l) => l.code)
}
