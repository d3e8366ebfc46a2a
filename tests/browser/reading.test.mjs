// Reading across languages (issue 12 items 3-4): an Arabic reader who reads
// French next sets the chain on /language and sees the French text of a
// service that has no Arabic; searching "caffe" finds "Caffè" through the
// hub (GET /api/hub/search); the language screen is axe-clean in ar at 360 px.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations } from "./harness.mjs"

let hub, browser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  const su = await (await fetch(hub.url + "/api/collections/_superusers/auth-with-password", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ identity: "admin@hug.test", password: "admin-demo-2026" }),
  })).json()
  const res = await fetch(hub.url + "/api/collections/services/records", {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: su.token },
    body: JSON.stringify({ name: { it: "Caffè delle famiglie", fr: "Café des familles" }, summary: { it: "Ogni venerdì" }, category: "leisure", nature: "informal" }),
  })
  assert.equal(res.status, 200, await res.text())
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

describe("reading", () => {
  it("an Arabic reader with the chain ar, fr reads French where Arabic is missing, and finds caffè by typing caffe", async () => {
    const context = await phone(browser, "ar")
    const page = await context.newPage()
    await open(page, hub.url, "/language")
    assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl")
    assert.deepEqual(await axeViolations(page), [])
    await page.selectOption("select[name=add]", "fr")
    await page.waitForFunction(() => document.querySelectorAll("ol.chain li").length === 2)

    await open(page, hub.url, "/services")
    const card = page.locator("li.service", { hasText: "Café des familles" })
    await card.waitFor({ timeout: 15000 })
    assert.equal(await card.locator("h3 [lang]").first().getAttribute("lang"), "fr")

    await open(page, hub.url, "/services?q=caffe")
    await page.locator("li.service", { hasText: "Café des familles" }).waitFor({ timeout: 15000 })
    assert.equal(await page.locator("li.service").count(), 1, "only the café")
    await page.screenshot({ path: "test-results/screenshots/ar-reading-services.png" })
    await open(page, hub.url, "/language")
    await page.screenshot({ path: "test-results/screenshots/ar-language-chain.png", fullPage: true })
    await context.close()
  })
})
