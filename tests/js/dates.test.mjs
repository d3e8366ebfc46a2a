// Dates as the phone writes them (pb_public/dates.js), in all nine languages.
// The reference is Node's full ICU (CLDR): the names and patterns kept in
// locales/ must write exactly what it writes, so a phone whose Intl lacks a
// language (Chromium: Albanian, Punjabi) reads the same as one that has it.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { dateFormats, intlSpeaks } from "../../pb_public/dates.js"

const LANGUAGES = ["it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"]
const ZONE = "Europe/Rome"

/** The language's messages, filled as i18n.js's t() fills them. */
function messages(lang) {
  const file = JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), "utf8"))
  return (id, data = {}) => {
    assert.ok(typeof file[id] === "string", `${lang}: no message ${id}`)
    return file[id].replace(/{{\s*\.(\w+)\s*}}/g, (_, name) => String(data[name] ?? ""))
  }
}

const icu = (lang, options) => new Intl.DateTimeFormat(lang, { timeZone: ZONE, numberingSystem: "latn", ...options })

// Every day of 2026 at 17:30 UTC (18:30 or 19:30 in Rome), both sides of
// the summer-time changes.
const year = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i, 17, 30)))

for (const lang of LANGUAGES) {
  test(`${lang}: the names kept in locales/ write dates as CLDR does`, () => {
    const kept = dateFormats({ lang, timeZone: ZONE, message: messages(lang), useIntl: false })
    const long = icu(lang, { weekday: "long", day: "numeric", month: "long" })
    const short = icu(lang, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    for (const date of year) {
      assert.equal(kept.day(date), long.format(date), `${lang} ${date.toISOString()}`)
      assert.equal(kept.shortDateTime(date), short.format(date), `${lang} ${date.toISOString()}`)
    }
    const weekday = icu(lang, { weekday: "long" })
    for (let n = 1; n <= 7; n++) assert.equal(kept.weekday(n), weekday.format(Date.UTC(2024, 0, n, 12)), `${lang} weekday ${n}`)
  })

  test(`${lang}: Intl, where it speaks the language, writes the same`, () => {
    const message = messages(lang)
    assert.ok(intlSpeaks(lang, message), `Node's full ICU should speak ${lang}`)
    const withIntl = dateFormats({ lang, timeZone: ZONE, message, useIntl: true })
    const kept = dateFormats({ lang, timeZone: ZONE, message, useIntl: false })
    for (const date of year.filter((_, i) => i % 7 === 0)) {
      assert.equal(withIntl.dayTime(date, new Date(+date + 90 * 60000)), kept.dayTime(date, new Date(+date + 90 * 60000)))
      assert.equal(withIntl.shortDateTime(date), kept.shortDateTime(date))
    }
  })
}

test("times are in Rome: the day after at 00:30, summer time from 29 March", () => {
  const f = dateFormats({ lang: "it", timeZone: ZONE, message: messages("it"), useIntl: false })
  assert.equal(f.day("2026-12-03T23:30:00Z"), "venerdì 4 dicembre")
  assert.equal(f.time("2026-12-03T23:30:00Z"), "00:30")
  assert.equal(f.time("2026-03-29T00:30:00Z"), "01:30")
  assert.equal(f.time("2026-03-29T01:30:00Z"), "03:30")
})

test("Arabic: one comma, the Arabic one, and the time range isolated left to right", () => {
  const f = dateFormats({ lang: "ar", timeZone: ZONE, message: messages("ar"), useIntl: false })
  const when = f.dayTime("2026-12-03T17:00:00Z", "2026-12-03T18:30:00Z")
  assert.equal(when, "الخميس، 3 ديسمبر، \u206618:00–19:30\u2069")
  assert.ok(!when.includes(","), "a Latin comma in Arabic text")
  assert.equal(f.shortDateTime("2026-12-03T17:00:00Z"), "3 ديسمبر، 18:00")
})

test("Punjabi and Albanian without Intl read in their own script and words", () => {
  const pa = dateFormats({ lang: "pa", timeZone: ZONE, message: messages("pa"), useIntl: false })
  assert.equal(pa.dayTime("2026-12-10T17:00:00Z"), "ਵੀਰਵਾਰ, 10 ਦਸੰਬਰ, 18:00")
  const sq = dateFormats({ lang: "sq", timeZone: ZONE, message: messages("sq"), useIntl: false })
  assert.equal(sq.dayTime("2026-12-10T17:00:00Z"), "e enjte, 10 dhjetor, 18:00")
  const zh = dateFormats({ lang: "zh", timeZone: ZONE, message: messages("zh"), useIntl: false })
  assert.equal(zh.dayTime("2026-12-10T17:00:00Z", "2026-12-10T18:00:00Z"), "12月10日星期四 \u206618:00–19:00\u2069")
})

// Stand-ins for the Intl of this Debian Chromium, which made the bugs.
class RootPunjabi extends Intl.DateTimeFormat {
  static supportedLocalesOf(l) { return l } // claims Punjabi...
  format() { return "M12 12, Thu" } // ...but has only the root locale's data (recorded from Chromium)
}
class NoAlbanian extends Intl.DateTimeFormat {
  static supportedLocalesOf() { return [] }
}
class EnglishForAll extends Intl.DateTimeFormat {
  static supportedLocalesOf(l) { return l }
  constructor(lang, options) { super("en", options) }
}

test("an Intl without the language's data is not trusted", () => {
  assert.equal(intlSpeaks("pa", messages("pa"), RootPunjabi), false)
  assert.equal(intlSpeaks("sq", messages("sq"), NoAlbanian), false)
  assert.equal(intlSpeaks("sq", messages("sq"), EnglishForAll), false)
  assert.equal(intlSpeaks("en", messages("en"), EnglishForAll), true)
  // and then the kept names write the date
  const f = dateFormats({ lang: "pa", timeZone: ZONE, message: messages("pa"), useIntl: intlSpeaks("pa", messages("pa"), RootPunjabi) })
  assert.equal(f.day("2026-12-10T17:00:00Z"), "ਵੀਰਵਾਰ, 10 ਦਸੰਬਰ")
})
