// Opening hours computed on the phone, offline, in the centre's time zone
// (Europe/Rome, from the server's vocabulary) whatever the phone's own: is a
// place open now, and when does it open next. Pure functions of (place, now)
// once the vocabulary is in use, so they are tested in Node too.

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
function addDays(date, offset) {
  const [y, m, d] = date.split("-").map(Number)
  const next = new Date(Date.UTC(y, m - 1, d + offset))
  const weekday = next.getUTCDay() === 0 ? 7 : next.getUTCDay()
  return { date: next.toISOString().slice(0, 10), day: weekday }
}

/** The openings of one date: its exception if there is one, else the weekly hours. */
export function slotsOn(place, date, day) {
  const exception = (place.exceptions || []).find((e) => e.date === date)
  if (exception) {
    return { slots: exception.closed ? [] : exception.slots || [], exception }
  }
  const slots = (place.hours || []).filter((s) => s.day === day)
  slots.sort((a, b) => toMinutes(a.opens) - toMinutes(b.opens))
  return { slots, exception: null }
}

/**
 * Where a place stands at `now`:
 *   {state: "open", closes, exception}
 *   {state: "closed", next: {date, day, opens, closes} | null, exception}
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
    if (next) return { state: "closed", next: { date, day, opens: next.opens, closes: next.closes, today: offset === 0 }, exception: today.exception }
  }
  return { state: "closed", next: null, exception: today.exception }
}
