// Public holidays as the phone computes them (pb_public/data/hours.js) from
// the rule the hub serves: the same table as Go's internal/holidays.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { holidayOn, openStatus, easter } from "../../pb_public/data/hours.js"
import { useVocab } from "../../pb_public/vocab.js"

const { rule, cases } = JSON.parse(readFileSync(new URL("../fixtures/holidays.json", import.meta.url), "utf8"))
useVocab({ time_zone: "Europe/Rome", holidays: rule })

test("the shared table has cases", () => assert.ok(cases.length >= 20))

for (const c of cases) {
  test(`holiday: ${c.name}`, () => {
    assert.equal(holidayOn(c.date, c.municipality), c.holiday)
  })
}

test("Easter Sunday", () => {
  assert.equal(easter(2025), "2025-04-20")
  assert.equal(easter(2038), "2038-04-25")
})

// Open every day 9-12: a holiday closes it, whatever the year.
const everyDay = (municipality) => ({ municipality, hours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: "09:00", closes: "12:00" })) })
const at = (date) => new Date(date + "T09:30:00Z") // 10:30 in Rome (CET) or 11:30 (CEST)

test("closed on Easter Monday, in several years", () => {
  for (const date of ["2025-04-21", "2026-04-06", "2027-03-29", "2030-04-22"]) {
    const s = openStatus(everyDay("Soresina"), at(date))
    assert.equal(s.state, "closed", date)
    assert.equal(s.holiday, "easter_monday", date)
    assert.equal(s.next.today, false, date)
  }
  assert.equal(openStatus(everyDay("Soresina"), at("2026-04-07")).state, "open")
})

test("4 October: open in 2025, closed from 2026 (Law 151/2025)", () => {
  assert.equal(openStatus(everyDay("Cremona"), at("2025-10-04")).state, "open")
  const s = openStatus(everyDay("Cremona"), at("2026-10-04"))
  assert.equal(s.state, "closed")
  assert.equal(s.holiday, "san_francesco")
  assert.equal(s.next.date, "2026-10-05")
})

test("13 November: closed in Cremona, open in Soresina", () => {
  assert.equal(openStatus(everyDay("Cremona"), at("2026-11-13")).holiday, "sant_omobono")
  assert.equal(openStatus(everyDay("Cremona"), at("2026-11-13")).state, "closed")
  assert.equal(openStatus(everyDay("Soresina"), at("2026-11-13")).state, "open")
})

test("the next opening skips holidays: Christmas Eve evening opens on the 27th", () => {
  const s = openStatus(everyDay("Cremona"), new Date("2026-12-24T18:00:00Z"))
  assert.equal(s.next.date, "2026-12-27")
})

test("a place's own exception with slots opens it on a holiday", () => {
  const place = { ...everyDay("Cremona"), exceptions: [{ date: "2026-12-08", slots: [{ opens: "10:00", closes: "12:00" }] }] }
  assert.equal(openStatus(place, at("2026-12-08")).state, "open")
})

test("a holiday far from now: the rule has no end", () => {
  assert.equal(openStatus(everyDay("Cremona"), at("2041-04-22")).holiday, "easter_monday")
})
