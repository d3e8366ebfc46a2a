// Opening hours computed on the phone, offline, in the centre's time zone
// (Europe/Rome, from the server's vocabulary) whatever the phone's own: is a
// place open now, and when does it open next. Pure functions of (place, now)
// once the vocabulary is in use, so they are tested in Node too.
//
// Public holidays are the hub's rule (internal/holidays), served with the
// vocabulary (vocab.holidays) and computed here for any date: a place is
// closed on them unless one of its own exceptions gives that date slots.
// Go and this file pass the same table, tests/fixtures/holidays.json.

import { vocab } from "../vocab.js"
const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

/** The wall clock in Rome at an instant: date, ISO weekday, minutes since midnight. */
export function romeClock(now) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: vocab.time_zone, year: "numeric", month: "2-digit", day: "2-digit",
    weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(now)
  const get = (type) => parts.find((p) => p.type === type).value
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    day: WEEKDAYS[get("weekday")],
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
  }
}

function toMinutes(clock) {
  const [h, m] = clock.split(":").map(Number)
  return h * 60 + m
}

/** The calendar date `offset` days after `date` (YYYY-MM-DD), and its weekday. */
export function addDays(date, offset) {
  const [y, m, d] = date.split("-").map(Number)
  const next = new Date(Date.UTC(y, m - 1, d + offset))
  const weekday = next.getUTCDay() === 0 ? 7 : next.getUTCDay()
  return { date: next.toISOString().slice(0, 10), day: weekday }
}

/** Easter Sunday of a year, "YYYY-MM-DD" (the same algorithm as holidays.Easter). */
export function easter(year) {
  const a = year % 19
  const b = Math.floor(year / 100), c = year % 100
  const d = Math.floor(b / 4), e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4), k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
}

const sameMunicipality = (a, b) => String(a || "").trim().toLowerCase() === String(b || "").trim().toLowerCase()

/**
 * The key of the public holiday on a date ("YYYY-MM-DD") for a place in
 * `municipality` ("" when none), as holidays.On in Go: fixed dates first,
 * then those computed from Easter, then the municipality's own.
 * @param {string} date @param {string} municipality
 * @param {{fixed: any[], easter: any[], local: any[]}} [rule] the hub's (vocab.holidays)
 */
export function holidayOn(date, municipality, rule = vocab.holidays) {
  if (!rule || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return ""
  const [year, month, day] = date.split("-").map(Number)
  const applies = (h) => !h.from || year >= h.from
  const fixed = (rule.fixed || []).find((h) => h.month === month && h.day === day && applies(h))
  if (fixed) return fixed.key
  const sunday = easter(year)
  const movable = (rule.easter || []).find((h) => addDays(sunday, h.offset).date === date && applies(h))
  if (movable) return movable.key
  const local = (rule.local || []).find((h) => h.month === month && h.day === day && applies(h) && sameMunicipality(municipality, h.municipality))
  return local ? local.key : ""
}

/**
 * The openings of one date: its exception if there is one, else closed on a
 * public holiday, else the weekly hours.
 */
export function slotsOn(place, date, day) {
  const exception = (place.exceptions || []).find((e) => e.date === date)
  if (exception) {
    return { slots: exception.closed ? [] : exception.slots || [], exception, holiday: "" }
  }
  const holiday = holidayOn(date, place.municipality || "")
  if (holiday) return { slots: [], exception: null, holiday }
  const slots = (place.hours || []).filter((s) => s.day === day)
  slots.sort((a, b) => toMinutes(a.opens) - toMinutes(b.opens))
  return { slots, exception: null, holiday: "" }
}

/**
 * Where a place stands at `now`:
 *   {state: "open", closes, exception}
 *   {state: "closed", next: {date, day, opens, closes} | null, exception, holiday}
 *   (holiday: the key of today's public holiday, or "")
 *   {state: "appointment"} or {state: "unknown"} when it has no timetable.
 * @param {{hours?: any[], exceptions?: any[], by_appointment?: boolean}} place
 * @param {Date} now
 */
export function openStatus(place, now = new Date()) {
  const hasTimetable = (place.hours || []).length > 0
  if (!hasTimetable && !(place.exceptions || []).some((e) => e.slots && e.slots.length)) {
    return { state: place.by_appointment ? "appointment" : "unknown" }
  }
  const clock = romeClock(now)
  const today = slotsOn(place, clock.date, clock.day)
  const current = today.slots.find((s) => toMinutes(s.opens) <= clock.minutes && clock.minutes < toMinutes(s.closes))
  if (current) return { state: "open", closes: current.closes, exception: today.exception }

  for (let offset = 0; offset <= 21; offset++) {
    const { date, day } = addDays(clock.date, offset)
    const { slots } = slotsOn(place, date, day)
    const next = slots.find((s) => offset > 0 || toMinutes(s.opens) > clock.minutes)
    if (next) return { state: "closed", next: { date, day, opens: next.opens, closes: next.closes, today: offset === 0 }, exception: today.exception, holiday: today.holiday }
  }
  return { state: "closed", next: null, exception: today.exception, holiday: today.holiday }
}
