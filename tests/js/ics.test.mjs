// The activity's .ics made on the phone (pb_public/data/ics.js): whatever a
// proposer typed, the file has exactly the content lines the app wrote.
import { test } from "node:test"
import assert from "node:assert/strict"
import { activityICS } from "../../pb_public/data/ics.js"

const activity = { id: "abc123def456ghi", starts_at: "2026-12-03 17:00:00.000Z", ends_at: "2026-12-03 18:30:00.000Z" }

/** Unfolds the file (RFC 5545 3.1) and returns its content lines. */
function contentLines(ics) {
  assert.ok(ics.endsWith("\r\n"))
  return ics.slice(0, -2).split("\r\n").reduce((lines, line) => {
    if (line.startsWith(" ")) lines[lines.length - 1] += line.slice(1)
    else lines.push(line)
    return lines
  }, /** @type {string[]} */ ([]))
}

const names = (ics) => contentLines(ics).map((l) => l.split(/[:;]/)[0])
const expected = ["BEGIN", "VERSION", "PRODID", "CALSCALE", "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND",
  "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "END", "END"]

test("a title with a lone CR, LF or CRLF cannot start a content line", () => {
  for (const brk of ["\r", "\n", "\r\n"]) {
    const title = `A.Pe${brk}BEGIN:VALARM${brk}ACTION:AUDIO${brk}ATTACH:https://evil.example/x${brk}END:VALARM`
    const ics = activityICS(activity, { title, description: `x${brk}ATTACH:y`, location: `z${brk}RRULE:FREQ=DAILY`, url: `https://hug.test/a${brk}ATTACH:q` })
    assert.deepEqual(names(ics), expected, JSON.stringify(brk))
    assert.equal(ics.split("\r").length - 1, ics.split("\r\n").length - 1, "every CR belongs to a CRLF")
    assert.equal(ics.split("\n").length - 1, ics.split("\r\n").length - 1, "every LF belongs to a CRLF")
  }
})

test("line breaks in text become \\n and TEXT specials are escaped", () => {
  const ics = activityICS(activity, { title: "Uno, due; tre\\quattro\rcinque", description: "", location: "", url: "https://hug.test/activity/x?a=1,2" })
  const summary = contentLines(ics).find((l) => l.startsWith("SUMMARY:"))
  assert.equal(summary, "SUMMARY:Uno\\, due\\; tre\\\\quattro\\ncinque")
  assert.ok(contentLines(ics).includes("URL:https://hug.test/activity/x?a=1,2"), "a URI is not TEXT-escaped")
})

test("long Arabic titles are folded at 75 octets without splitting a character", () => {
  const title = "لقاء تربوي للأهل ".repeat(10)
  const ics = activityICS(activity, { title, description: "", location: "", url: "https://hug.test" })
  for (const raw of ics.split("\r\n")) assert.ok(new TextEncoder().encode(raw).length <= 75, raw)
  assert.equal(contentLines(ics).find((l) => l.startsWith("SUMMARY:")), "SUMMARY:" + title)
})

test("the UID is the one the hub's feeds give the same activity: {id}@{host}", () => {
  const ics = activityICS(activity, { title: "A.Pe", description: "", location: "", url: "https://hug.comune.cremona.it/activity/x", host: "hug.comune.cremona.it" })
  assert.ok(contentLines(ics).includes("UID:abc123def456ghi@hug.comune.cremona.it"))
})
