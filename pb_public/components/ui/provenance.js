// A multilingual field as families read it, with where it comes from: a
// small mark per field ("translated by a mediator", "original in Italian",
// "translation may be out of date") and, when a screen's "show original"
// is on, the original text instead. Used by the activity and service
// screens (loaded with them, off the first visit's path).

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, pick, direction, languageName, lang as readerLang } from "../../i18n.js"
import { origin } from "../../multitext.js"
import { isolateNumbers } from "./ui.js"

/**
 * @param {Record<string, any>} record a record with `provenance`
 * @param {string} field
 * @param {{tag?: string, showOriginal?: boolean}} options
 */
export function marked(record, field, { tag = "p", showOriginal = false } = {}) {
  const value = record[field]
  let { text, lang } = pick(value, stale(record, field))
  const from = origin(record.provenance, field, lang)
  if (showOriginal && value?.[from.original]) {
    text = value[from.original]
    lang = from.original
  }
  if (!text) return nothing
  const dir = direction(lang)
  const body = tag === "span" ? html`<span lang=${lang} dir=${dir}>${isolateNumbers(text, dir)}</span>`
    : text.split(/\n{2,}/).map((para) => html`<p lang=${lang} dir=${dir}>${isolateNumbers(para, dir)}</p>`)
  return html`${body}${mark(from, lang)}`
}

/** The mark of one field: nothing when the reader reads the original in their own language. */
function mark(from, lang) {
  let key = ""
  if (lang === from.original) {
    if (lang === readerLang()) return nothing
    return html`<span class="original-note provenance-mark" data-mark="original">${t("provenance_original_in", { language: languageName(lang) })}</span>`
  }
  key = from.outdated ? "provenance_outdated" : "provenance_by_" + from.by
  return html`<span class="original-note provenance-mark" data-mark=${from.outdated ? "outdated" : from.by}>${t(key)}</span>`
}

/** Which of a field's translations are out of date (the original changed since). */
const stale = (record, field) => (lang) => origin(record.provenance, field, lang).outdated

/** Whether a record has any text shown in a translation (the toggle is offered then). */
export function hasTranslation(record, fields) {
  return fields.some((f) => {
    const { text, lang } = pick(record[f], stale(record, f))
    return text && lang !== origin(record.provenance, f, lang).original
  })
}

/** The "show original" toggle of a screen. */
export function originalToggle(on, toggle) {
  return html`<button class="button button-secondary button-small" type="button" aria-pressed=${on ? "true" : "false"} @click=${toggle}>
    ${t("provenance_show_original")}</button>`
}
