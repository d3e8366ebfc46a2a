// The staff hours editor (/staff/places/:id, issue 10 item 4): staff change
// Tuesday's hours offline, the preview (data/hours.js, as families' phones
// compute it) shows the change at once and after an offline reload, and back
// online the hub holds it once; an overlap is refused by the hub
// (internal/hours) and its message, in the person's language, is shown on
// the weekly hours; axe-clean in it and ar at 360 px and on a desktop. Only
// staff see the way in.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, network } from "./harness.mjs"

let hub, browser, superuser, staffUser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  superuser = (await signIn(hub, "admin")).token
  staffUser = (await signIn(hub, "staff")).record
  assert.ok(superuser && staffUser, "demo superuser and staff sign in")
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function placeBySlug(slug) {
  return (await api(hub, "GET", `/api/collections/places/records?filter=${encodeURIComponent(`slug='${slug}'`)}`, null, null, { lang: "it" })).body.items[0]
}

/** A phone (or a desktop) signed in as the demo staff member. */
async function staffDevice(lang, viewport) {
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${staffUser.id}`, { duration: 3600 }, superuser, { lang: "it" })
  assert.equal(auth.status, 200, JSON.stringify(auth.body))
  const context = viewport ? await browser.newContext({ viewport, locale: lang }) : await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { context, page }
}

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
}
async function live(page) {
  await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
}
async function waitPending(page, n, timeout = 15000) {
  await page.waitForFunction((n) => Number(document.querySelector(".banner-pending")?.getAttribute("data-pending") || 0) === n, n, { timeout })
}

const tuesday = (page) => page.locator('fieldset.day[data-day="2"]')

/** Adds an opening on Tuesday in the editor. */
async function addTuesday(page, opens, closes) {
  const before = await tuesday(page).locator(".slot-row").count()
  await tuesday(page).locator("button", { hasText: messages(await page.evaluate(() => document.documentElement.lang)).staff_hours_add_slot }).click()
  const row = tuesday(page).locator(".slot-row").nth(before)
  await row.waitFor()
  await row.locator("input[type=time]").nth(0).fill(opens)
  await row.locator("input[type=time]").nth(1).fill(closes)
}

const slotsOf = (place, opens, closes) => (place.hours || []).filter((s) => s.day === 2 && s.opens === opens && s.closes === closes).length

// One place per language, so the two runs do not meet.
const placeFor = { it: "hug-sede-principale", ar: "punto-azienda-sociale" }

for (const lang of ["it", "ar"]) {
  describe(`the hours editor in ${lang}`, () => {
    it("offline: Tuesday gets a new opening, the preview shows it, a reload keeps it; online the hub holds it once", async () => {
      const t = messages(lang)
      const place = await placeBySlug(placeFor[lang])
      const { page, context } = await staffDevice(lang)
      await open(page, hub.url, "/places")
      await controlled(page)
      await live(page)
      // The way in is on the place's card, for staff.
      await page.locator(`a[href="/staff/places/${place.id}"]`).click()
      await rendered(page, `/staff/places/${place.id}`)
      assert.deepEqual(await axeViolations(page), [], "editor: axe at 360 px")
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow}px)`)

      await network(context, false)
      await addTuesday(page, "15:00", "16:00")
      const preview = page.locator(".preview-days li")
      assert.equal(await preview.count(), 14)
      await page.locator(".preview-days li", { hasText: "15:00–16:00" }).first().waitFor()
      await page.locator("button[type=submit]").click()
      await page.getByText(t.staff_hours_saved_offline).waitFor()
      await waitPending(page, 1)

      await page.reload()
      await rendered(page, `/staff/places/${place.id}`)
      await page.locator(".preview-days li", { hasText: "15:00–16:00" }).first().waitFor()
      await page.getByText(t.sync_waiting).first().waitFor()
      assert.equal(slotsOf(await placeBySlug(placeFor[lang]), "15:00", "16:00"), 0, "nothing reached the hub offline")

      await network(context, true)
      await waitPending(page, 0, 20000)
      const stored = await placeBySlug(placeFor[lang])
      assert.equal(slotsOf(stored, "15:00", "16:00"), 1, JSON.stringify(stored.hours))
      assert.equal(stored.hours.length, place.hours.length + 1)
      await context.close()
    })

    it("an overlap is refused by the hub, with its message in the person's language on the weekly hours", async () => {
      const t = messages(lang)
      const place = await placeBySlug(placeFor[lang])
      const { page, context } = await staffDevice(lang)
      await open(page, hub.url, `/staff/places/${place.id}`)
      await live(page)
      await addTuesday(page, "15:30", "17:00") // over 15:00-16:00
      await page.locator("button[type=submit]").click()
      const error = page.locator("#error-hours")
      await error.waitFor({ timeout: 20000 })
      assert.equal((await error.innerText()).trim(), t.validation_hours_overlap)
      assert.equal(slotsOf(await placeBySlug(placeFor[lang]), "15:30", "17:00"), 0, "nothing written")
      assert.deepEqual(await axeViolations(page), [], "editor with the refusal: axe at 360 px")
      await context.close()
    })

    it("axe-clean on a desktop, with a date's own closure and its note", async () => {
      const t = messages(lang)
      const place = await placeBySlug(placeFor[lang])
      const { page, context } = await staffDevice(lang, { width: 1280, height: 800 })
      await open(page, hub.url, `/staff/places/${place.id}`)
      await page.locator("button", { hasText: t.staff_hours_add_exception }).click()
      await page.locator("li.exception").first().waitFor()
      assert.deepEqual(await axeViolations(page), [], "editor: axe on a desktop")
      await context.close()
    })
  })
}

it("only staff see the way in: a guest gets no link and the editor says it is for staff", async () => {
  const place = await placeBySlug("hug-sede-principale")
  const context = await phone(browser, "it")
  const page = await context.newPage()
  await open(page, hub.url, "/places")
  assert.equal(await page.locator('a[href^="/staff/"]').count(), 0)
  await open(page, hub.url, `/staff/places/${place.id}`)
  await page.getByText(messages("it").staff_hours_staff_only).waitFor()
  assert.equal(await page.locator("form.hours-editor").count(), 0)
  await context.close()
})
