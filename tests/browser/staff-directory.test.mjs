// The staff directory screen (/staff/directory, issue 10 item 4): offline,
// staff add a service, retire another and change the centre's phone; back
// online the hub holds each once, and a guest's phone no longer lists the
// retired service; axe-clean in it and ar at 360 px. Only staff see it.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, noSidewaysScroll, network } from "./harness.mjs"

let hub, browser, superuser, staffUser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  superuser = (await signIn(hub, "admin")).token
  staffUser = (await signIn(hub, "staff")).record
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function staffPhone(lang) {
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${staffUser.id}`, { duration: 3600 }, superuser)
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { context, page }
}

const serviceNamed = async (name) =>
  (await api(hub, "GET", `/api/collections/services/records?perPage=500&filter=${encodeURIComponent(`name.it = '${name}'`)}`, null, superuser)).body.items

for (const [lang, slug] of [["it", "hug-informazione-orientamento"], ["ar", "hug-ascolto-consulenza-genitori"]]) {
  describe(`the directory in ${lang}`, () => {
    it("offline: add a service, retire one, change the centre's phone; online each lands once and families lose the retired one", async () => {
      const t = messages(lang)
      const retiring = (await api(hub, "GET", `/api/collections/services/records?filter=${encodeURIComponent(`slug='${slug}'`)}`)).body.items[0]
      assert.ok(retiring, `seeded service ${slug}`)
      const { page, context } = await staffPhone(lang)
      await open(page, hub.url, "/services")
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
      await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
      await page.locator('a[href="/staff/directory"]').click()
      await rendered(page, "/staff/directory")
      assert.deepEqual(await axeViolations(page), [], "directory: axe at 360 px")

      await network(context, false)
      const name = `Doposcuola ${lang} ${Date.now()}`
      await page.locator("button", { hasText: t.staff_service_add }).first().click()
      const form = page.locator("form.service-form")
      await form.locator("input[name=name]").fill(name)
      await form.locator("select[name=category]").selectOption("school")
      await form.locator("input[name=phone]").fill("0372 111222")
      assert.deepEqual(await axeViolations(page), [], "service form: axe at 360 px")
      await form.locator("button[type=submit]").click()
      await page.locator(".service-row", { hasText: name }).waitFor()
      await page.locator(`.service-row[data-service="${retiring.id}"] button`, { hasText: t.staff_service_retire }).click()
      await page.locator(`.service-row[data-service="${retiring.id}"]`, { hasText: t.staff_service_retired }).waitFor()
      const phoneInput = page.locator("section[aria-labelledby=centre-contacts] input[name=phone]")
      await phoneInput.fill("0372 407000")
      await page.locator("section[aria-labelledby=centre-contacts] button[type=submit]").click()
      await page.getByText(t.staff_saved_offline).first().waitFor()
      assert.equal((await serviceNamed(name)).length, 0, "nothing reached the hub offline")

      await network(context, true)
      await page.waitForFunction(() => !document.querySelector(".banner-pending"), null, { timeout: 20000 })
      assert.equal((await serviceNamed(name)).length, 1, "the new service, once")
      const retired = await api(hub, "GET", `/api/collections/services/records/${retiring.id}`, null, superuser)
      assert.equal(retired.body.retired, true)
      assert.equal((await api(hub, "GET", `/api/collections/services/records/${retiring.id}`)).status, 404, "a guest cannot open a retired service")
      const centre = (await api(hub, "GET", "/api/collections/centre/records")).body.items[0]
      assert.equal(centre.phone, "0372 407000")

      // A guest's phone: the new service is listed, the retired one is not.
      const guest = await phone(browser, lang)
      const gp = await guest.newPage()
      await open(gp, hub.url, "/services")
      await gp.getByText(name).waitFor()
      const listed = await gp.locator(".card.service h3").allInnerTexts()
      assert.ok(listed.some((h) => h.includes(name)), "the new service is listed")
      assert.ok(!listed.some((h) => h.trim() === (retiring.name[lang] || retiring.name.it)), `the retired service is not listed: ${listed}`)
      assert.equal(await gp.locator('a[href="/staff/directory"]').count(), 0, "no way in for a guest")
      await guest.close()

      // Staff still hold it, and bring it back.
      await page.locator(`.service-row[data-service="${retiring.id}"] button`, { hasText: t.staff_service_bring_back }).click()
      await page.locator(`.service-row[data-service="${retiring.id}"] button`, { hasText: t.staff_service_retire }).waitFor()
      let status = 0
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await api(hub, "GET", `/api/collections/services/records/${retiring.id}`)).status
        if (status !== 200) await new Promise((r) => setTimeout(r, 200))
      }
      assert.equal(status, 200, "brought back: a guest opens it again")
      await context.close()
    })
  })
}

// Every screen of the staff desk (the desk and each tool it links to, read
// from the desk itself, so a new tool is checked too) is axe-clean and fits
// without sideways scrolling, in Italian on a desktop and in Arabic at 360
// px, and fits the other way round too.
describe("the staff desk", () => {
  it("every tool is axe-clean and fits at 360 px and on a desktop, in it and ar", async () => {
    for (const [lang, axeAt] of [["it", "desktop"], ["ar", "phone"]]) {
      const { page, context } = await staffPhone(lang)
      await open(page, hub.url, "/staff")
      const tools = await page.evaluate(() => [...document.querySelectorAll("main a[href]")]
        .map((a) => new URL(a.href)).filter((u) => u.origin === location.origin).map((u) => u.pathname))
      assert.ok(tools.length >= 9, `the desk lists its tools: ${tools}`)
      for (const [size, viewport] of [["phone", { width: 360, height: 640 }], ["desktop", { width: 1280, height: 800 }]]) {
        await page.setViewportSize(viewport)
        for (const path of ["/staff", ...tools]) {
          await open(page, hub.url, path)
          await rendered(page, path)
          await noSidewaysScroll(page, `${path}, ${lang}, ${size}`)
          if (size === axeAt) assert.deepEqual(await axeViolations(page), [], `${path}, ${lang}, ${size}: axe`)
        }
      }
      await context.close()
    }
  })
})
