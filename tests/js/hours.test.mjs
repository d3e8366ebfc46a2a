// Opening hours as the phone computes them (pb_public/data/hours.js).
import { test } from "node:test"
import assert from "node:assert/strict"
import { openStatus, romeClock } from "../../pb_public/data/hours.js"
import { useVocab } from "../../pb_public/vocab.js"

// The centre's time zone, as GET /api/hub/config gives it (internal/vocab).
useVocab({ time_zone: "Europe/Rome" })

// The main office, as seeded: Tuesday 12-14, Thursday 17-19, closed on 8 December.
const mainOffice = {
  hours: [{ day: 2, opens: "12:00", closes: "14:00" }, { day: 4, opens: "17:00", closes: "19:00" }],
  exceptions: [{ date: "2026-12-08", closed: true, note: { it: "Immacolata" } }],
}

test("open on Tuesday at 13:00 Rome time, until 14:00", () => {
  // 2026-12-01 is a Tuesday; 12:00 UTC is 13:00 in Rome (CET).
  assert.deepEqual(openStatus(mainOffice, new Date("2026-12-01T12:00:00Z")), { state: "open", closes: "14:00", exception: null })
})

test("closed on Tuesday at 14:00 sharp: next is Thursday 17:00", () => {
  const s = openStatus(mainOffice, new Date("2026-12-01T13:00:00Z"))
  assert.equal(s.state, "closed")
  assert.deepEqual(s.next, { date: "2026-12-03", day: 4, opens: "17:00", closes: "19:00", today: false })
})

test("before opening on the same day, it opens today", () => {
  const s = openStatus(mainOffice, new Date("2026-12-03T08:00:00Z")) // Thursday 09:00
  assert.equal(s.next.today, true)
  assert.equal(s.next.opens, "17:00")
})

test("a holiday closure replaces the weekly hours", () => {
  const s = openStatus(mainOffice, new Date("2026-12-08T12:30:00Z")) // Tuesday 8 Dec 13:30
  assert.equal(s.state, "closed")
  assert.equal(s.exception.note.it, "Immacolata")
  assert.equal(s.next.date, "2026-12-10")
})

test("Rome time, not the phone's: summer time shifts UTC by two hours", () => {
  // 2027-07-06 is a Tuesday; 10:30 UTC is 12:30 in Rome (CEST).
  assert.equal(openStatus(mainOffice, new Date("2027-07-06T10:30:00Z")).state, "open")
  assert.equal(openStatus(mainOffice, new Date("2027-07-06T12:30:00Z")).state, "closed")
})

test("Monday 8-10 opening seen on a Sunday night opens next day", () => {
  const asc = { hours: [{ day: 1, opens: "08:00", closes: "10:00" }] }
  const s = openStatus(asc, new Date("2026-11-29T22:00:00Z")) // Sunday 23:00 in Rome
  assert.deepEqual(s.next, { date: "2026-11-30", day: 1, opens: "08:00", closes: "10:00", today: false })
})

test("no timetable: by appointment, or unknown", () => {
  assert.deepEqual(openStatus({ hours: [], by_appointment: true }), { state: "appointment" })
  assert.deepEqual(openStatus({ hours: [] }), { state: "unknown" })
})

test("an extra opening on a date without weekly hours", () => {
  const s = openStatus({ hours: [], exceptions: [{ date: "2026-12-05", slots: [{ opens: "10:00", closes: "12:00" }] }] },
    new Date("2026-12-05T09:30:00Z"))
  assert.equal(s.state, "open")
})

test("romeClock crosses midnight by the Rome date", () => {
  assert.equal(romeClock(new Date("2026-12-31T23:30:00Z")).date, "2027-01-01")
})
