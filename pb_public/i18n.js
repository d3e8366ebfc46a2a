// Text for people: the UI messages of one language (from the server, kept in
// IndexedDB for offline use), plural forms with Intl.PluralRules, dates and
// times with Intl in the centre's time zone, and the best language of a
// content field.

import { vocab, languageCodes } from "./vocab.js"
import { best } from "./multitext.js"
import { dateFormats } from "./dates.js"

/** @typedef {{lang: string, dir: string, messages: Record<string, string|Record<string,string>>, languages: Record<string,string>, desk?: boolean}} Bundle */

/** @type {Bundle} */
let bundle = { lang: "it", dir: "ltr", messages: {}, languages: {} }
let plurals = new Intl.PluralRules("it")
/** The languages the person reads after the interface's, in order (their chain). */
let chain = /** @type {string[]} */ ([])
let collator = new Intl.Collator("it")

/** @param {Bundle} b */
export function useBundle(b) {
  bundle = { ...b, messages: { ...b.messages } } // the desk part is added to a copy
  plurals = new Intl.PluralRules(b.lang)
  collator = new Intl.Collator(b.lang)
  document.documentElement.lang = b.lang
  document.documentElement.dir = b.dir
}

export function lang() {
  return bundle.lang
}

/** The bundle in use (desk part included), to put back after showing another language's. */
export function currentBundle() {
  return bundle
}

/** Whether the desk part of the messages is loaded for the language in use. */
export function hasDesk() {
  return bundle.desk === true
}

/**
 * Adds the desk part (the staff's and mediators' screens' messages) to the
 * language in use; a part of another language is ignored.
 * @param {{lang: string, messages: Bundle["messages"]}} part
 */
export function addDesk(part) {
  if (part.lang !== bundle.lang) return
  Object.assign(bundle.messages, part.messages)
  bundle.desk = true
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
  return message.replace(/{{\s*\.(\w+)\s*}}/g, (_, name) => isolated(String(data[name] ?? "")))
}

const RTL = "\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}"
const rtlLetter = new RegExp(`[${RTL}]`, "u")
const ltrLetter = new RegExp(`(?![${RTL}])\\p{L}`, "u")

/**
 * Text of the other direction than the interface (a Latin name in Arabic,
 * an Arabic name in Italian) wrapped in Unicode first-strong isolates, so
 * its neutral characters (quotes, dashes, commas) stay with it instead of
 * being scattered by the sentence around it. Plain strings are for messages
 * and attributes; in markup, an element with lang and dir does the same.
 * @param {string} value
 */
export function isolated(value) {
  return (bundle.dir === "rtl" ? ltrLetter : rtlLetter).test(value) ? "\u2068" + value + "\u2069" : value
}

/**
 * "rtl" or "ltr": the direction of one of the hub's languages. Content is
 * laid out by the language it is written in, not guessed from its first
 * letter (dir="auto" made an Arabic paragraph starting with "Hug" left to
 * right).
 * @param {string} code
 */
export function direction(code) {
  return vocab.languages.find((l) => l.code === code)?.dir || (code === bundle.lang ? bundle.dir : "ltr")
}

/**
 * The person's reading chain (their profile's languages, or this phone's
 * choice): each field shows the first of the interface language and then
 * these that has a text.
 * @param {string[]} codes
 */
export function useChain(codes) {
  chain = Array.isArray(codes) ? codes : []
}

/** The reading chain: the interface language first, then the others the person reads. */
export function readingChain() {
  return [bundle.lang, ...chain.filter((c) => c !== bundle.lang)]
}

/**
 * Orders two texts as the interface language does (Intl.Collator): lists
 * of services, groups, places sort by it ("Élan" before "Elba" in French).
 * @param {string} a @param {string} b
 */
export function compare(a, b) {
  return collator.compare(a, b)
}

/**
 * The best text of a multilingual field for the reader: the first language
 * of their chain that has a current one (`stale` says which translations
 * are out of date), else the first that has one, else the original.
 * {text, lang, original} where original is true when it is not in the
 * interface language (the screen says so).
 * @param {Record<string,string>|null|undefined} field
 * @param {(code: string) => boolean} [stale]
 */
export function pick(field, stale) {
  const chosen = best(field, readingChain(), vocab.source_language, languageCodes(), stale)
  return { ...chosen, original: chosen.text !== "" && chosen.lang !== bundle.lang }
}

/** Plain text of a multilingual field. */
export function text(field) {
  return pick(field).text
}

let dates = null
/** The date formats of the current language (Intl, else the names in locales/: dates.js). */
function formats() {
  const key = bundle.lang + " " + vocab.time_zone
  if (dates?.key !== key) dates = { key, ...dateFormats({ lang: bundle.lang, timeZone: vocab.time_zone, message: t }) }
  return dates
}

/** "giovedì 3 dicembre" */
export function formatDay(date) {
  return formats().day(date)
}

/** "18:00" */
export function formatTime(date) {
  return formats().time(date)
}

/** "18:00–19:30", kept left to right inside Arabic text. */
export function formatTimeRange(start, end) {
  return formats().timeRange(start, end)
}

/** "giovedì 3 dicembre, 18:00–19:30" (without end: "…, 18:00"), punctuated by the language. */
export function formatDayTime(start, end) {
  return formats().dayTime(start, end)
}

/** "3 dic, 18:00" */
export function formatDateTime(date) {
  return formats().shortDateTime(date)
}

/** The weekday name of an ISO weekday number (Monday = 1). */
export function weekdayName(day) {
  return formats().weekday(day)
}

/** Today's date in Rome as YYYY-MM-DD, the key the calendar groups by. */
export function romeDate(date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: vocab.time_zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(date))
}
