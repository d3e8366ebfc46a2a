// Every reading screen, with the demo data, in Italian, English and Arabic:
// it renders, speaks the language (right to left in Arabic), has no
// untranslated message ids and no axe-core WCAG 2.1 AA violation at 360x640.
// Screenshots go to test-results/screenshots (`make screenshots` publishes them).

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, axeViolations, root } from "./harness.mjs"

const shots = join(root, "test-results", "screenshots")
const italian = JSON.parse(readFileSync(join(root, "locales", "it.json"), "utf8"))
const messageIds = Object.keys(italian)

let hub, browser, ids
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  const find = async (collection, slug) =>
    (await (await fetch(`${hub.url}/api/collections/${collection}/records?filter=${encodeURIComponent(`slug='${slug}'`)}`)).json()).items[0].id
  ids = { ape: await find("activities", "ape-1"), group: await find("groups", "0-6-anni") }
  mkdirSync(shots, { recursive: true })
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

// path, what the demo data puts there, screenshot name
const screens = () => [
  ["/", "A.Pe", "home"],
  ["/calendar", "A.Pe", "calendar"],
  [`/activity/${ids.ape}`, "A.Pe", "activity"],
  ["/places", "piazza Giovanni XXIII", "places"],
  ["/services", "Consultorio", "services"],
  ["/groups", "Soresina", "groups"],
  [`/groups/${ids.group}`, "Hack", "group"],
  ["/about", "Sol.Co.", "about"],
  ["/menu", "", "menu"],
  ["/language", "Shqip", "language"], // every language named in itself
  ["/signin", "", "signin"],
]

for (const lang of ["it", "en", "ar"]) {
  describe(`screens in ${lang}`, () => {
    it("render with the demo data, in the language, without message ids, axe-clean", async () => {
      const context = await phone(browser, lang)
      const page = await context.newPage()
      const errors = []
      page.on("pageerror", (e) => errors.push(e.message))
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()))
      for (const [path, expected, name] of screens()) {
        await open(page, hub.url, path)
        const doc = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }))
        assert.equal(doc.lang, lang, `${path}: html lang`)
        assert.equal(doc.dir, lang === "ar" ? "rtl" : "ltr", `${path}: html dir`)
        const h1 = (await page.locator("main h1").first().innerText()).trim()
        assert.ok(h1.length > 0, `${path}: no heading`)
        const text = await page.locator("body").innerText()
        if (expected) assert.ok(text.includes(expected), `${path}: "${expected}" not shown`)
        const leaked = messageIds.filter((id) => new RegExp(`\\b${id}\\b`).test(text))
        assert.deepEqual(leaked, [], `${path}: message ids shown instead of text`)
        assert.deepEqual(await axeViolations(page), [], `${path}: axe violations`)
        if (lang !== "en") await page.screenshot({ path: join(shots, `${lang}-${name}.png`) })
      }
      assert.deepEqual(errors, [], "console errors")
      await context.close()
    })
  })
}

it("Arabic mirrors the layout: the first tab sits on the right", async () => {
  const context = await phone(browser, "ar")
  const page = await context.newPage()
  await open(page, hub.url, "/")
  const tabs = page.locator(".tabbar a")
  const first = await tabs.first().boundingBox()
  const last = await tabs.last().boundingBox()
  assert.ok(first.x > last.x, `home tab at x=${first.x}, menu tab at x=${last.x}`)
  await context.close()
})

it("an unknown browser language gets Italian", async () => {
  const context = await phone(browser, "de-DE")
  const page = await context.newPage()
  await open(page, hub.url, "/")
  assert.equal(await page.evaluate(() => document.documentElement.lang), "it")
  await context.close()
})

it("a link to an activity that is gone says so kindly", async () => {
  const context = await phone(browser, "en")
  const page = await context.newPage()
  await open(page, hub.url, "/activity/doesnotexist123")
  const english = JSON.parse(readFileSync(join(root, "locales", "en.json"), "utf8"))
  assert.equal((await page.locator("main h1").innerText()).trim(), english.activity_gone_title)
  assert.ok(await page.locator("main a.button[href='/calendar']").isVisible())
  await context.close()
})

it("the calendar filters by group and the services search ignores accents and case", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  await open(page, hub.url, `/calendar?group=${ids.group}`)
  const titles = await page.locator(".activity-card .card-title").allInnerTexts()
  assert.ok(titles.length > 0 && titles.every((t) => !t.includes("A.Pe")), `group filter shows ${titles}`)
  await open(page, hub.url, "/services?q=CITTA")
  const found = await page.locator(".service").allInnerTexts()
  const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
  assert.ok(found.length > 0, "no service found for CITTA")
  assert.ok(found.length < (await (await fetch(hub.url + "/api/collections/services/records")).json()).totalItems, "the search filtered nothing")
  assert.ok(found.every((text) => fold(text).includes("citta")), "a service without 'città' was found")
  await context.close()
})

it("a family signs in, sees its registration and group, in its own language", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  await open(page, hub.url, "/signin")
  await page.locator("#signin-password + form input[name=email]").fill("famiglia@hug.test")
  await page.locator("#signin-password + form input[name=password]").fill("famiglia-demo-2026")
  await page.locator("#signin-password + form button[type=submit]").click()
  await page.waitForFunction(() => document.body.dataset.rendered === "/me")
  await page.waitForSelector("text=A.Pe")
  // The demo family's profile says Arabic first: the app switches to it.
  await page.waitForFunction(() => document.documentElement.lang === "ar" && document.documentElement.dir === "rtl")
  const groups = await page.locator("#me-groups + .cards .card-title").allInnerTexts()
  assert.deepEqual(groups, ["من 0 إلى 6 سنوات"], "the 0-6 group is not listed")
  assert.deepEqual(await axeViolations(page), [])
  await page.screenshot({ path: join(shots, "ar-me.png") })

  // A language chosen on the phone wins from then on.
  await page.locator(".topbar-action").click()
  await page.waitForFunction(() => document.body.dataset.rendered === "/language")
  await page.locator("button[lang=it]").click()
  await page.waitForFunction(() => document.documentElement.lang === "it")
  await page.locator(".tabbar a[href='/menu']").click()
  await page.locator("a[href='/me']").click()
  await page.waitForFunction(() => document.body.dataset.rendered === "/me")
  await page.screenshot({ path: join(shots, "it-me.png") })
  await context.close()
})

it("content without a translation shows the Italian original and says so", async () => {
  const context = await phone(browser, "uk") // the demo content has it, en, ar
  const page = await context.newPage()
  await open(page, hub.url, `/activity/${ids.ape}`)
  const ukrainian = JSON.parse(readFileSync(join(root, "locales", "uk.json"), "utf8"))
  // The activity screen marks each text's provenance (pb_public/components/ui/provenance.js).
  const note = (await page.locator(".original-note").first().innerText()).trim()
  assert.equal(note, ukrainian.provenance_original_in.replace("{{.language}}", "Italiano"), `note: ${note}`)
  assert.equal(await page.locator("h1 [lang=it]").count(), 1, "the Italian title is not marked lang=it")
  await context.close()
})

it("an iPhone gets the Add to Home Screen steps", async () => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 }, locale: "it", isMobile: true, hasTouch: true,
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  })
  const page = await context.newPage()
  await open(page, hub.url, "/menu")
  assert.equal(await page.locator(".install-card ol li").count(), 3)
  assert.deepEqual(await axeViolations(page), [])
  await context.close()
})

// WCAG 1.4.10: at 320 CSS px (a 640 px phone at 200% zoom) nothing needs
// scrolling sideways.
it("every screen reflows at 320 px without horizontal scrolling", async () => {
  for (const lang of ["it", "ar"]) {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: lang })
    const page = await context.newPage()
    for (const [path] of screens()) {
      await open(page, hub.url, path)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `${lang} ${path}: ${overflow}px of horizontal scrolling`)
    }
    await context.close()
  }
})

// Two screens opened quickly one after the other, the first slow to finish
// (its last read of the phone's database held 400 ms): the second stays on
// screen, never painted over by the first (app.js checks for a newer
// navigation after its last await).
it("a screen still finishing never paints over the one opened after it", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  for (const path of ["/about", "/places", "/"]) await open(page, hub.url, path) // modules cached, as after a first use
  const shown = await page.evaluate(async () => {
    const getAll = IDBObjectStore.prototype.getAll
    let holdNext = true
    let held = false
    IDBObjectStore.prototype.getAll = function (...args) {
      const req = getAll.apply(this, args)
      if (this.name === "outbox" && holdNext) {
        holdNext = false
        held = true
        let released = false
        req.addEventListener("success", (e) => {
          if (released) return
          e.stopImmediatePropagation() // idb's own listener waits
          setTimeout(() => { released = true; req.dispatchEvent(new Event("success")) }, 400)
        })
      }
      return req
    }
    const go = (p) => { history.pushState(null, "", p); dispatchEvent(new PopStateEvent("popstate")) }
    go("/about")
    while (!held) await new Promise((r) => setTimeout(r, 5))
    go("/places")
    await new Promise((r) => setTimeout(r, 900))
    IDBObjectStore.prototype.getAll = getAll
    return { rendered: document.body.dataset.rendered, at: location.pathname, title: document.title }
  })
  const it_ = JSON.parse(readFileSync(join(root, "locales", "it.json"), "utf8"))
  assert.deepEqual(shown, { rendered: "/places", at: "/places", title: `${it_.nav_places} - Hug` })
  await context.close()
})
