// Every language, every script: the main screens in all nine languages, with
// the demo data, at 360x640. Each screen speaks its language (lang, dir, no
// message ids, dates in the language's own words even where Chromium's Intl
// lacks it), has no axe-core WCAG 2.1 AA violation, and every character on
// it was drawn by a font that has it: Chromium's DevTools protocol says
// which platform fonts drew each element's text (CSS.getPlatformFontsForNode)
// and fontconfig says which characters each font has, so a Gurmukhi or
// Chinese text shown as empty boxes fails here. Screenshots of ar, pa and zh
// go to test-results/screenshots (`make screenshots` publishes them).

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, axeViolations, root } from "./harness.mjs"

const LANGUAGES = ["it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"]
const SHOTS = new Set(["ar", "pa", "zh"])
const shots = join(root, "test-results", "screenshots")
const locale = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))
const messageIds = Object.keys(locale("it"))

// The characters each installed font family has, from fontconfig (the
// fonts Chromium draws with on Linux).
const charsets = new Map()
for (const line of execFileSync("fc-list", ["-f", "%{family}|%{charset}\n"], { encoding: "utf8" }).split("\n")) {
  const [families, ranges] = line.split("|")
  if (!ranges) continue
  const set = ranges.trim().split(/\s+/).map((r) => r.split("-").map((h) => parseInt(h, 16))).map(([lo, hi = lo]) => [lo, hi])
  for (const family of families.split(",")) charsets.set(family, [...(charsets.get(family) || []), ...set])
}
const has = (family, ch) => (charsets.get(family) || []).some(([lo, hi]) => ch >= lo && ch <= hi)

// A letter of each script the hub's languages are written in: what must have
// been checked on that language's screens.
const scripts = { ar: /\p{Script=Arabic}/u, pa: /\p{Script=Gurmukhi}/u, zh: /\p{Script=Han}/u, uk: /\p{Script=Cyrillic}/u }

/**
 * The characters on the page that no font used for their element has (drawn
 * as boxes or not at all), and every character that was checked.
 * @param {import("playwright-core").CDPSession} cdp
 */
async function missingGlyphs(cdp) {
  const { root: doc } = await cdp.send("DOM.getDocument", { depth: -1 })
  const missing = new Map()
  let checked = ""
  const walk = async (node) => {
    if (node.nodeType === 1 && !["SCRIPT", "STYLE", "HEAD", "TITLE", "TEMPLATE"].includes(node.nodeName)) {
      const own = (node.children || []).filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join("")
      const chars = [...new Set(own.replace(/[\s\p{Cf}]/gu, ""))]
      if (chars.length) {
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId: node.nodeId })
        if (fonts.length) { // not drawn at all (display: none) otherwise
          checked += chars.join("")
          for (const ch of chars) {
            if (!fonts.some((f) => has(f.familyName, ch.codePointAt(0)))) {
              missing.set(ch, `${node.nodeName.toLowerCase()} "${own.trim().slice(0, 40)}" drawn with ${fonts.map((f) => f.familyName).join(", ")}`)
            }
          }
        }
      }
    }
    for (const child of node.children || []) await walk(child)
  }
  await walk(doc)
  return { missing: [...missing].map(([ch, where]) => `U+${ch.codePointAt(0).toString(16).toUpperCase()} ${ch} in ${where}`), checked }
}

let hub, browser, ids, family
const TEMPLATE = "details_missing" // internal/vocab/reasons.go
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  const find = async (collection, slug) =>
    (await (await fetch(`${hub.url}/api/collections/${collection}/records?filter=${encodeURIComponent(`slug='${slug}'`)}`)).json()).items[0].id
  ids = { ape: await find("activities", "ape-1") }
  mkdirSync(shots, { recursive: true })

  // The demo family's proposal, sent back by staff with a reason template:
  // My proposals shows the template in the reader's language.
  const signIn = async (identity, password) => (await (await fetch(`${hub.url}/api/collections/users/auth-with-password`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ identity, password }),
  })).json())
  family = await signIn("famiglia@hug.test", "famiglia-demo-2026")
  const staff = await signIn("staff@hug.test", "staff-demo-2026")
  const proposal = Array.from({ length: 15 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("")
  const starts = new Date(Date.now() + 10 * 86400000)
  starts.setUTCHours(15, 0, 0, 0)
  const sent = await (await fetch(`${hub.url}/api/hub/mutations`, {
    method: "POST", headers: { "content-type": "application/json", Authorization: family.token },
    body: JSON.stringify({ mutations: [{ id: crypto.randomUUID(), name: "propose_activity", args: {
      dates: [{ activity: proposal, starts_at: starts.toISOString(), ends_at: new Date(+starts + 3600000).toISOString() }],
      language: "it", title: "Merenda insieme", summary: "Portiamo qualcosa da condividere", kind: "meeting", submit: true,
    } }] }),
  })).json()
  assert.equal(sent.results?.[0]?.status, "applied", JSON.stringify(sent))
  const decided = await fetch(`${hub.url}/api/collections/activities/records/${proposal}`, {
    method: "PATCH", headers: { "content-type": "application/json", Authorization: staff.token },
    body: JSON.stringify({ status: "changes_requested", moderation_template: TEMPLATE }),
  })
  assert.equal(decided.status, 200, await decided.text())
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

const screens = () => [
  ["/", "home"],
  ["/calendar", "calendar"],
  [`/activity/${ids.ape}`, "activity"],
  ["/places", "places"],
  ["/services", "services"],
  ["/groups", "groups"],
  ["/about", "about"],
  ["/signin", "signin"],
]

// What a signed-in family meets: the inbox, the notification settings, the
// languages they read, the report form (opened) and a proposal sent back
// with staff's reason template, which must read in their language.
const signedInScreens = () => [
  ["/inbox", "inbox"],
  ["/me/notifications", "notifications"],
  ["/language", "language", (page) => page.locator("#chain-title").waitFor()],
  [`/activity/${ids.ape}`, "report", async (page) => {
    await page.locator("details.report-activity summary").click()
    await page.locator("details.report-activity textarea").waitFor()
  }],
  ["/me/proposals", "proposals", async (page, lang) => {
    await page.locator(".reason-template").waitFor({ timeout: 15000 })
    assert.equal((await page.locator(".reason-template").innerText()).trim(), locale(lang)[`moderation_template_${TEMPLATE}`], "the reason template in the reader's language")
  }],
]

for (const lang of LANGUAGES) {
  describe(`${lang}`, () => {
    it("the main screens speak it, are axe-clean and every character has a font", async () => {
      const context = await phone(browser, lang)
      const page = await context.newPage()
      const errors = []
      page.on("pageerror", (e) => errors.push(e.message))
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()))
      const cdp = await context.newCDPSession(page)
      // A message missing from the language is served in Italian (the
      // bundle lists it): no screen may show one.
      const { fallbacks = [], messages } = await (await fetch(`${hub.url}/api/hub/i18n/${lang}`)).json()
      const italian = new Map(fallbacks.map((id) => [messages[id], id]).filter(([m]) => typeof m === "string" && !m.includes("{{")))
      let checked = ""
      const visits = [...screens(), "sign in", ...signedInScreens()]
      for (const visit of visits) {
        if (visit === "sign in") {
          await page.evaluate((auth) => localStorage.setItem("pocketbase_auth", JSON.stringify(auth)), { token: family.token, record: family.record })
          continue
        }
        const [path, name, prepare] = visit
        await open(page, hub.url, path)
        await prepare?.(page, lang)
        const doc = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }))
        assert.deepEqual(doc, { lang, dir: lang === "ar" ? "rtl" : "ltr" }, `${path}: html lang and dir`)
        const text = await page.locator("body").innerText()
        const leaked = messageIds.filter((id) => new RegExp(`\\b${id}\\b`).test(text))
        assert.deepEqual(leaked, [], `${path}: message ids shown instead of text`)
        const untranslated = (await page.evaluate(() => {
          const out = []
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
          for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.data.trim())
          return out
        })).filter((text) => italian.has(text)).map((text) => italian.get(text))
        assert.deepEqual(untranslated, [], `${path}: messages shown in Italian for lack of a ${lang} translation`)
        assert.deepEqual(await axeViolations(page), [], `${path}: axe violations`)

        await cdp.send("DOM.enable")
        await cdp.send("CSS.enable")
        const glyphs = await missingGlyphs(cdp)
        assert.deepEqual(glyphs.missing, [], `${path}: characters drawn without a font that has them`)
        checked += glyphs.checked
        if (SHOTS.has(lang) && !["about", "signin", "inbox", "notifications", "language", "report"].includes(name)) await page.screenshot({ path: join(shots, `${lang}-${name}.png`) })
      }
      if (scripts[lang]) assert.match(checked, scripts[lang], `no ${lang} text was checked`)
      assert.deepEqual(errors, [], "console errors")
      await context.close()
    })

    it("the calendar's days are written in the language's own words", async () => {
      const messages = locale(lang)
      const context = await phone(browser, lang)
      const page = await context.newPage()
      await open(page, hub.url, "/calendar")
      const days = await page.locator(".day-title").allInnerTexts()
      assert.ok(days.length > 0, "no days in the calendar")
      const months = Array.from({ length: 12 }, (_, i) => messages[`date_month_${i + 1}`])
      const weekdays = Array.from({ length: 7 }, (_, i) => messages[`date_weekday_${i + 1}`])
      const folded = (s) => s.toLocaleLowerCase(lang) // the first letter is capitalized by CSS only, but be safe
      for (const day of days) {
        assert.ok(months.some((m) => folded(day).includes(folded(m))), `${day}: no ${lang} month name`)
        assert.ok(weekdays.some((w) => folded(day).includes(folded(w))), `${day}: no ${lang} weekday name`)
        assert.doesNotMatch(day, /\bM\d/, `${day}: the root locale's placeholder month`)
      }
      await context.close()
    })
  })
}

// Right to left done right. The demo data has the real cases: Arabic texts
// that begin with a Latin word ("Hug …", "A.Pe – …") and a place named
// Polo per l'Infanzia "Hack - Montalcini".
describe("Arabic", () => {
  /** Where the first, last but one and last characters of `needle` are drawn inside `locator`. */
  const ends = (locator, needle) => locator.evaluate((root, needle) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(needle)
      if (at < 0) continue
      const rect = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect() }
      const box = root.getBoundingClientRect()
      const end = at + needle.length - 1
      return { first: rect(at).left, beforeLast: rect(end - 1).left, last: rect(end).left, boxLeft: box.left, boxWidth: box.width, direction: getComputedStyle(node.parentElement).direction }
    }
    return null
  }, needle)

  it("content is laid out by its language, even when it begins with a Latin word", async () => {
    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, "/services")
    const paragraph = page.locator('p[lang="ar"]', { hasText: /^Hug / }).first()
    assert.equal(await paragraph.evaluate((p) => getComputedStyle(p).direction), "rtl")
    // the first word sits at the paragraph's start, which in Arabic is the right
    const hug = await ends(paragraph, "Hug")
    assert.ok(hug.first > hug.boxLeft + hug.boxWidth / 2, `"Hug" drawn at x=${hug.first} in a box from ${hug.boxLeft} (${hug.boxWidth} wide)`)

    await open(page, hub.url, `/activity/${ids.ape}`)
    assert.equal(await page.locator("h1 [lang=ar]").evaluate((e) => getComputedStyle(e).direction), "rtl", "the A.Pe title")
    await context.close()
  })

  it("a Latin place name inside Arabic text keeps its quotes in place", async () => {
    const context = await phone(browser, "ar")
    const page = await context.newPage()
    const name = `Polo per l'Infanzia "Hack - Montalcini"`
    for (const path of ["/places", "/calendar", "/groups"]) {
      await open(page, hub.url, path)
      const holders = page.locator("main :is(h2, .card-meta)", { hasText: name })
      assert.ok(await holders.count() > 0, `${path}: the place is not shown`)
      for (const holder of await holders.all()) {
        const { beforeLast, last, direction } = await ends(holder, name)
        assert.equal(direction, "ltr", `${path}: the name is not set left to right`)
        // (the name may wrap; a closing quote never starts a line)
        assert.ok(last > beforeLast, `${path}: the closing quote is drawn at x=${last}, left of the "i" it closes at x=${beforeLast}`)
      }
    }
    await context.close()
  })

  it("dates use Arabic punctuation only, and an activity without a place draws no empty row", async () => {
    const auth = await (await fetch(`${hub.url}/api/collections/users/auth-with-password`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: "staff@hug.test", password: "staff-demo-2026" }),
    })).json()
    const starts = new Date(Date.now() + 3 * 86400000)
    starts.setUTCHours(16, 0, 0, 0)
    const created = await (await fetch(`${hub.url}/api/collections/activities/records`, {
      method: "POST", headers: { "content-type": "application/json", Authorization: auth.token },
      body: JSON.stringify({
        title: { it: "Incontro senza luogo", ar: "لقاء بدون مكان" }, kind: "meeting", status: "approved",
        starts_at: starts.toISOString(), ends_at: new Date(+starts + 90 * 60000).toISOString(),
      }),
    })).json()
    assert.ok(created.id, JSON.stringify(created))

    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, `/activity/${created.id}`)
    const rows = await page.locator(".facts .fact").allInnerTexts()
    assert.ok(rows.length > 0 && rows.every((r) => r.trim() !== ""), `rows: ${JSON.stringify(rows)}`)
    await open(page, hub.url, "/")
    const when = await page.locator(".card-when").allInnerTexts()
    assert.ok(when.length > 0 && when.every((w) => w.includes("،") && !w.includes(",")), `dates: ${JSON.stringify(when)}`)
    await context.close()
  })
})
