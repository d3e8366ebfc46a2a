// The mediators' workplace (issue 12 items 1-2): a mediator for Arabic
// opens the queue, translates a new activity's title into Arabic and
// publishes it (through the outbox); a family reading Arabic sees it marked
// "translated by a mediator", right to left, the untranslated summary in
// Italian marked "original in Italian", and "show original" brings the
// Italian title back. /translate is axe-clean in it and ar at 360 px.
// Announcements are content too: the queue lists the one to everyone after
// the activities, the mediator publishes its Arabic title, and Home shows
// it to the Arabic reader with the same marks. Mixed directions: an Arabic
// title holding an Italian place name and a phone number, with an Italian
// summary only, reads right to left with the summary left to right and the
// digits in order, on the activity screen and on its calendar card.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages } from "./harness.mjs"

let hub, browser, superuser, activity, announcement, mixed
const mixedTitle = "لقاء في Piazza Giovanni XXIII، هاتف 0372 407 111"
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  superuser = (await api(hub, "POST", "/api/collections/_superusers/auth-with-password", { identity: "admin@hug.test", password: "admin-demo-2026" })).body.token
  const day = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10)
  activity = (await api(hub, "POST", "/api/collections/activities/records", {
    title: { it: "Laboratorio di pittura per bambini" }, summary: { it: "Colori, carta e pennelli: porta un grembiule." },
    kind: "workshop", status: "approved", starts_at: `${day} 08:00:00.000Z`, ends_at: `${day} 10:00:00.000Z`,
  }, superuser)).body
  assert.ok(activity?.id, "the new activity")
  announcement = (await api(hub, "POST", "/api/collections/announcements/records", {
    title: { it: "Il centro chiude alle 16" }, body: { it: "Venerdì il centro chiude alle 16." },
  }, superuser)).body
  assert.ok(announcement?.id, "the new announcement")
  mixed = (await api(hub, "POST", "/api/collections/activities/records", {
    title: { it: "Incontro in Piazza Giovanni XXIII, telefono 0372 407 111", ar: mixedTitle },
    summary: { it: "Ingresso da via Bonomelli, secondo piano." },
    kind: "meeting", status: "approved", starts_at: `${day} 14:00:00.000Z`, ends_at: `${day} 15:00:00.000Z`,
  }, superuser)).body
  assert.ok(mixed?.id, "the mixed-direction activity")
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function mediatorPhone(lang) {
  const auth = await api(hub, "POST", "/api/collections/users/auth-with-password", { identity: "mediatrice@hug.test", password: "mediatrice-demo-2026" })
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { context, page }
}

const arabic = "ورشة رسم للأطفال"
const arabicNotice = "يغلق المركز الساعة 16"

/** The digits of el's text in reading order, each with where it is drawn: in order when each is right of the one before on its line. */
async function digitsInOrder(locator) {
  const boxes = await locator.evaluate((el) => {
    const out = []
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        if (!/[0-9]/.test(n.data[i])) continue
        const r = document.createRange()
        r.setStart(n, i)
        r.setEnd(n, i + 1)
        const box = r.getBoundingClientRect()
        out.push({ x: box.left, top: Math.round(box.top) })
      }
    }
    return out
  })
  assert.ok(boxes.length >= 10, "the phone number's digits")
  return boxes.every((b, i) => i === 0 || (b.top === boxes[i - 1].top ? b.x > boxes[i - 1].x : b.top > boxes[i - 1].top))
}

describe("translating", () => {
  it("a mediator publishes an Arabic title from the queue; /translate is axe-clean in it and ar", async () => {
    const it_ = await mediatorPhone("it")
    await open(it_.page, hub.url, "/menu")
    await it_.page.locator('a[href="/translate"]').click()
    await rendered(it_.page, "/translate")
    await it_.page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
    assert.deepEqual(await axeViolations(it_.page), [], "queue in it: axe at 360 px")
    await it_.page.screenshot({ path: "/tmp/translate-queue-it.png", fullPage: true }).catch(() => {})
    await it_.context.close()

    const t = messages("ar")
    const { page, context } = await mediatorPhone("ar")
    await open(page, hub.url, "/translate")
    await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
    assert.deepEqual(await axeViolations(page), [], "queue in ar: axe at 360 px")
    const item = page.locator(`a[href="/translate/activities/${activity.id}/title/ar"]`)
    await item.waitFor()
    // The soonest event comes first.
    assert.equal(await page.locator(".queue a").first().getAttribute("href"), `/translate/activities/${activity.id}/title/ar`)
    await item.click()
    await rendered(page, `/translate/activities/${activity.id}/title/ar`)
    assert.equal(await page.locator(".source").getAttribute("dir"), "auto")
    assert.equal(await page.locator("textarea[name=text]").getAttribute("dir"), "auto")
    await page.locator("textarea[name=text]").fill(arabic)
    assert.equal(await page.locator("#translate-preview-text").textContent(), arabic, "the preview follows")
    assert.deepEqual(await axeViolations(page), [], "editor in ar: axe at 360 px")
    await page.screenshot({ path: "/tmp/translate-editor-ar.png", fullPage: true }).catch(() => {})
    await page.locator("button[value=publish]").click()
    await page.getByText(t.translate_published).waitFor()
    await page.waitForFunction(() => !document.querySelector(".banner-pending"), null, { timeout: 20000 })
    const stored = (await api(hub, "GET", `/api/collections/activities/records/${activity.id}`)).body
    assert.equal(stored.title.ar, arabic)
    assert.equal(stored.provenance.title.translations.ar.by, "mediator")

    // The announcement to everyone: after the activities still to come.
    await open(page, hub.url, "/translate")
    const notice = `/translate/announcements/${announcement.id}/title/ar`
    await page.locator(`a[href="${notice}"]`).waitFor()
    const hrefs = await page.locator(".queue a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))
    const at = hrefs.indexOf(notice)
    assert.ok(at > 0 && hrefs.slice(0, at).every((h) => h.startsWith("/translate/activities/")) &&
      !hrefs.slice(at).some((h) => h.startsWith("/translate/activities/")), hrefs.join("\n"))
    await page.locator(`a[href="${notice}"]`).click()
    await rendered(page, notice)
    await page.locator("textarea[name=text]").fill(arabicNotice)
    await page.locator("button[value=publish]").click()
    await page.getByText(t.translate_published).waitFor()
    await page.waitForFunction(() => !document.querySelector(".banner-pending"), null, { timeout: 20000 })
    const posted = (await api(hub, "GET", `/api/collections/announcements/records/${announcement.id}`)).body
    assert.equal(posted.title.ar, arabicNotice)
    assert.equal(posted.provenance.title.translations.ar.by, "mediator")
    await context.close()
  })

  it("a family reading Arabic sees it marked, right to left, the Italian summary marked as the original", async () => {
    const t = messages("ar")
    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, `/activity/${activity.id}`)
    const title = page.locator("h1 span[lang=ar]")
    await title.waitFor()
    assert.equal(await title.textContent(), arabic)
    assert.equal(await title.evaluate((el) => getComputedStyle(el).direction), "rtl")
    await page.locator("h1 .provenance-mark", { hasText: t.provenance_by_mediator }).waitFor()
    const summary = page.locator(".description p[lang=it]")
    assert.match(await summary.textContent(), /grembiule/)
    const originalMark = t.provenance_original_in.replace("{{.language}}", "")
    assert.ok((await page.locator(".description .provenance-mark").first().textContent()).includes(originalMark.trim()))
    await page.locator("button[aria-pressed=false]", { hasText: t.provenance_show_original }).click()
    await page.locator("h1 span[lang=it]", { hasText: "Laboratorio di pittura" }).waitFor()
    await page.screenshot({ path: "/tmp/translate-family-ar.png" }).catch(() => {})

    // The announcement on Home: the Arabic title marked, the Italian text marked as the original.
    await open(page, hub.url, "/")
    const card = page.locator(`.announcement[data-announcement="${announcement.id}"]`)
    await card.locator("h3 span[lang=ar]", { hasText: arabicNotice }).waitFor()
    await card.locator("h3 .provenance-mark", { hasText: t.provenance_by_mediator }).waitFor()
    assert.match(await card.locator("p[lang=it]").textContent(), /Venerdì/)
    assert.ok((await card.locator(".provenance-mark[data-mark=original]").textContent()).includes(originalMark.trim()))
    await card.screenshot({ path: "/tmp/translate-announcement-ar.png" }).catch(() => {})
    await context.close()
  })

  it("after the Italian changes, an Arabic reader sees the Arabic marked out of date; one who reads French too sees the current French", async () => {
    const ar = messages("ar")
    // Staff change the original and add a French translation in the same save:
    // the mediator's Arabic is now older than the original, the French is not.
    const stored = (await api(hub, "GET", `/api/collections/activities/records/${activity.id}`, null, superuser)).body
    const french = "Atelier de peinture pour enfants, dès 3 ans"
    const saved = await api(hub, "PATCH", `/api/collections/activities/records/${activity.id}`,
      { title: { ...stored.title, it: "Laboratorio di pittura per bambini dai 3 anni", fr: french } }, superuser)
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
    assert.equal(saved.body.provenance?.title?.translations?.ar?.outdated, true, "the hub marks the Arabic out of date")

    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, `/activity/${activity.id}`)
    await page.locator("h1 span[lang=ar]", { hasText: arabic }).waitFor()
    await page.locator("h1 .provenance-mark[data-mark=outdated]", { hasText: ar.provenance_outdated }).waitFor()
    assert.deepEqual(await axeViolations(page), [], "an out-of-date translation, ar: axe")

    await page.evaluate(async () => (await import("/data/store.js")).chooseChain(["ar", "fr"]))
    await open(page, hub.url, `/activity/${activity.id}`)
    await page.locator("h1 span[lang=fr]", { hasText: french }).waitFor()
    assert.equal(await page.locator("h1 .provenance-mark[data-mark=outdated]").count(), 0, "the current French, not the old Arabic")
    await context.close()
  })

  it("mixed directions: an Arabic title with an Italian place and a phone number reads right to left, digits in order; the Italian summary left to right", async () => {
    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, `/activity/${mixed.id}`)
    const title = page.locator("h1 span[lang=ar]")
    await title.waitFor()
    assert.equal(await title.textContent(), mixedTitle)
    assert.equal(await title.evaluate((el) => getComputedStyle(el).direction), "rtl")
    await page.screenshot({ path: "/tmp/translate-mixed-ar.png" }).catch(() => {})
    assert.ok(await digitsInOrder(title), "the phone number reads 0372 407 111 on the activity screen")
    const summary = page.locator(".description p[lang=it]")
    assert.match(await summary.textContent(), /Bonomelli/)
    assert.equal(await summary.evaluate((el) => getComputedStyle(el).direction), "ltr")

    await open(page, hub.url, "/calendar")
    const cardTitle = page.locator(`a[href="/activity/${mixed.id}"] .card-title span[lang=ar]`)
    await cardTitle.waitFor()
    assert.equal(await cardTitle.evaluate((el) => getComputedStyle(el).direction), "rtl")
    await page.locator(`li:has(a[href="/activity/${mixed.id}"])`).screenshot({ path: "/tmp/translate-mixed-card-ar.png" }).catch(() => {})
    assert.ok(await digitsInOrder(cardTitle), "the phone number reads 0372 407 111 on the calendar card")
    await context.close()
  })

  it("a mediator who never opened the workplace on this phone finds it in their language without a signal (the desk messages came after the first paint)", async () => {
    const zh = messages("zh")
    const { context, page } = await mediatorPhone("zh")
    const desk = page.waitForResponse((r) => r.url().endsWith("/api/hub/i18n/zh/desk") && r.ok(), { timeout: 30000 })
    await open(page, hub.url, "/")
    await desk
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
    await context.setOffline(true)
    await page.locator(`a[href="/menu"]`).first().click()
    await rendered(page, "/menu")
    await page.locator(`a[href="/translate"]`).first().click()
    await rendered(page, "/translate")
    const text = await page.locator("main").innerText()
    assert.ok(text.includes(zh.translate_lead), `the workplace's own words in Chinese: ${text.slice(0, 200)}`)
    assert.deepEqual(text.match(/\b(staff|audit|figures|translate|attendance)_[a-z_]+/g), null, "no message ids")
    await context.close()
  })
})
