// Text for people: the UI messages of one language (from the server, kept in
// IndexedDB for offline use), plural forms with Intl.PluralRules, dates and
// times with Intl in the centre's time zone, and the best language of a
// content field.

import { vocab, languageCodes } from "./vocab.js"
import { best } from "./multitext.js"

/** @typedef {{lang: string, dir: string, messages: Record<string, string|Record<string,string>>, languages: Record<string,string>}} Bundle */

/** @type {Bundle} */
let bundle = { lang: "it", dir: "ltr", messages: {}, languages: {} }
let plurals = new Intl.PluralRules("it")

/** @param {Bundle} b */
export function useBundle(b) {
  bundle = b
  plurals = new Intl.PluralRules(b.lang)
  document.documentElement.lang = b.lang
  document.documentElement.dir = b.dir
}

export function lang() {
  return bundle.lang
}

/** A language's name in itself ("Shqip"), as its own locale file gives it. */
export function languageName(code) {
  return bundle.languages?.[code] || code
}

/**
 * The message `id`, with {{.Name}} placeholders filled from data; `data.Count`
 * picks the plural form.
 * @param {string} id
 * @param {Record<string, string|number>} [data]
 */
export function t(id, data = {}) {
  let message = bundle.messages[id]
  if (message === undefined) return id
  if (typeof message === "object") {
    const form = plurals.select(Number(data.Count ?? 0))
    message = message[form] ?? message.other
  }
  return message.replace(/{{\s*\.(\w+)\s*}}/g, (_, name) => String(data[name] ?? ""))
}

/**
 * The best text of a multilingual field for the current language:
 * {text, lang, original} where original is true when it is not in the
 * reader's language (the screen says so).
 * @param {Record<string,string>|null|undefined} field
 */
export function pick(field) {
  const chosen = best(field, [bundle.lang], vocab.source_language, languageCodes())
  return { ...chosen, original: chosen.text !== "" && chosen.lang !== bundle.lang }
}

/** Plain text of a multilingual field. */
export function text(field) {
  return pick(field).text
}

const formatters = new Map()
/** @param {Intl.DateTimeFormatOptions} options */
function formatter(options) {
  const key = bundle.lang + JSON.stringify(options)
  // Western digits everywhere: timetables, phone numbers and most Arabic
  // speakers in Italy (from the Maghreb) use them.
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(bundle.lang, { timeZone: vocab.time_zone, numberingSystem: "latn", ...options }))
  return formatters.get(key)
}

/** "giovedì 3 dicembre" */
export function formatDay(date) {
  return formatter({ weekday: "long", day: "numeric", month: "long" }).format(new Date(date))
}

/** "18:00" */
export function formatTime(date) {
  return formatter({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(date))
}

/** "3 dic, 18:00" */
export function formatDateTime(date) {
  return formatter({ day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(date))
}

/** The weekday name of an ISO weekday number (Monday = 1). */
export function weekdayName(day) {
  // 2024-01-01 was a Monday.
  return formatter({ weekday: "long" }).format(new Date(Date.UTC(2024, 0, day, 12)))
}

/** Today's date in Rome as YYYY-MM-DD, the key the calendar groups by. */
export function romeDate(date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: vocab.time_zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(date))
}
