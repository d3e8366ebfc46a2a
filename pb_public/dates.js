// Dates and times for people, in the centre's time zone and the reader's
// language. The browser's Intl is used only where it really speaks the
// language: Chromium's ICU lacks Albanian (dates came out in English) and has
// Punjabi without its data ("M12 4, Thu"), and cheap phones ship trimmed ICU
// data too. Elsewhere the CLDR names and patterns kept in locales/ (the
// date_* messages) make the same text. Either way the punctuation that joins
// a date and a time comes from one place (date_at_time), so Arabic never
// mixes "،" and ",". Pure: tests/js/dates.test.mjs checks every language.

/** Left-to-right isolate: a time range keeps its order inside Arabic text. */
const LRI = "\u2066"
const PDI = "\u2069"

/**
 * The wall clock in `timeZone` at an instant. Only the "en" locale is asked
 * for, which every Intl has.
 * @param {Date} date @param {string} timeZone
 */
function wallClock(date, timeZone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(date)
  const get = (type) => Number(parts.find((p) => p.type === type)?.value)
  const year = get("year"), month = get("month"), day = get("day")
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7 // ISO: Monday = 1
  return { year, month, day, weekday, hour: get("hour") % 24, minute: get("minute") }
}

const pad = (n) => String(n).padStart(2, "0")

/**
 * Whether this browser's Intl writes dates in `code`: it must claim the
 * language and name a probe day (Thursday 12 December) with the weekday and
 * month that locales/ gives.
 * @param {string} code
 * @param {(id: string) => string} message the language's message by id
 * @param {typeof Intl.DateTimeFormat} [DateTimeFormat]
 */
export function intlSpeaks(code, message, DateTimeFormat = Intl.DateTimeFormat) {
  try {
    if (!DateTimeFormat.supportedLocalesOf([code]).length) return false
    const probe = new DateTimeFormat(code, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(Date.UTC(2024, 11, 12, 12))
    return probe.includes(message("date_weekday_4")) && probe.includes(message("date_month_12"))
  } catch {
    return false
  }
}

/**
 * The date and time formats of one language.
 * @param {{lang: string, timeZone: string, message: (id: string, data?: Record<string, string|number>) => string, useIntl?: boolean}} o
 *   message fills a message of the language (t() of i18n.js, which answers
 *   a missing message with its id); useIntl defaults to whether Intl speaks
 *   the language, or to true with a bundle older than the date_* messages.
 */
export function dateFormats({ lang, timeZone, message, useIntl = intlSpeaks(lang, (id) => message(id)) || message("date_long") === "date_long" }) {
  const intl = (options) => {
    // Western digits everywhere: timetables, phone numbers and most Arabic
    // speakers in Italy (from the Maghreb) use them.
    const f = new Intl.DateTimeFormat(lang, { timeZone, numberingSystem: "latn", ...options })
    return (date) => f.format(date)
  }
  const clock = (date) => wallClock(new Date(date), timeZone)

  /** "giovedì 4 dicembre" */
  const day = useIntl ? intl({ weekday: "long", day: "numeric", month: "long" }) : (date) => {
    const c = clock(date)
    return message("date_long", { Weekday: message("date_weekday_" + c.weekday), Day: c.day, Month: message("date_month_" + c.month) })
  }
  /** "4 dic" */
  const shortDate = useIntl ? intl({ day: "numeric", month: "short" }) : (date) => {
    const c = clock(date)
    return message("date_short", { Day: c.day, Month: message("date_month_short_" + c.month) })
  }
  const weekdayIntl = useIntl && intl({ weekday: "long" })
  const weekday = (n) => weekdayIntl ? weekdayIntl(new Date(Date.UTC(2024, 0, n, 12))) : message("date_weekday_" + n) // 2024-01-01 was a Monday
  /** "18:00": 24 hours and Western digits in every language of the hub. */
  const time = (date) => {
    const c = clock(date)
    return pad(c.hour) + ":" + pad(c.minute)
  }
  /** "18:00–19:30", isolated left to right. */
  const timeRange = (start, end) => LRI + time(start) + "–" + time(end) + PDI

  return {
    day: (date) => day(new Date(date)),
    time,
    timeRange,
    /** "giovedì 4 dicembre, 18:00–19:30" (or one time without an end) */
    dayTime: (start, end) => message("date_at_time", { Date: day(new Date(start)), Time: end ? timeRange(start, end) : time(start) }),
    /** "4 dic, 18:00" */
    shortDateTime: (date) => message("date_at_time", { Date: shortDate(new Date(date)), Time: time(date) }),
    /** The name of an ISO weekday (Monday = 1). */
    weekday: (n) => weekday(n),
  }
}
