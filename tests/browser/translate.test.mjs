// The mediators' workplace (issue 12 items 1-2): a mediator for Arabic
// opens the queue, translates a new activity's title into Arabic and
// publishes it (through the outbox); a family reading Arabic sees it marked
// "translated by a mediator", right to left, the untranslated summary in
// Italian marked "original in Italian", and "show original" brings the
// Italian title back. /translate is axe-clean in it and ar at 360 px.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, rendered, axeViolations, root } from "./harness.mjs"

const messages = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))

let hub, browser, superuser, activity
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  superuser = (await api("/api/collections/_superusers/auth-with-password", { method: "POST", body: { identity: "admin@hug.test", password: "admin-demo-2026" } })).body.token
  const day = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10)
  activity = (await api("/api/collections/activities/records", { method: "POST", token: superuser, body: {
    title: { it: "Laboratorio di pittura per bambini" }, summary: { it: "Colori, carta e pennelli: porta un grembiule." },
    kind: "workshop", status: "approved", starts_at: `${day} 08:00:00.000Z`, ends_at: `${day} 10:00:00.000Z`,
  } })).body
  assert.ok(activity?.id, "the new activity")
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function api(path, { method = "GET", token, body } = {}) {
  const res = await fetch(hub.url + path, {
    method, headers: { "Content-Type": "application/json", ...(token ? { Authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

async function mediatorPhone(lang) {
  const auth = await api("/api/collections/users/auth-with-password", { method: "POST", body: { identity: "mediatrice@hug.test", password: "mediatrice-demo-2026" } })
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { context, page }
}

const arabic = "ورشة رسم للأطفال"

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
    const stored = (await api(`/api/collections/activities/records/${activity.id}`)).body
    assert.equal(stored.title.ar, arabic)
    assert.equal(stored.provenance.title.translations.ar.by, "mediator")
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
    await context.close()
  })
})
