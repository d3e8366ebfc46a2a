// Posters and calendar subscriptions, in Italian and Arabic.
// The poster of an activity and of a group at A4 print emulation: nothing
// of the app around it, right to left in Arabic, axe-clean, one A4 page,
// and its QR code (a screenshot of it, decoded with jsQR) opens the
// activity or the group. "Add to my calendar" offers the webcal:// feeds;
// My space shows the family's private feed and resets it (the old link
// then fails).

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, axeViolations, root } from "./harness.mjs"

const messages = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))
const jsqrSource = readFileSync(join(root, "node_modules", "jsqr", "dist", "jsQR.js"), "utf8")

let hub, browser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function api(path, { method = "GET", token, body } = {}) {
  const res = await fetch(hub.url + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: token } : {}) },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get("content-type") || "", text, body: res.headers.get("content-type")?.includes("json") && text ? JSON.parse(text) : null }
}

async function idOf(collection, slug) {
  const filter = encodeURIComponent(`slug='${slug}'`)
  return (await api(`/api/collections/${collection}/records?filter=${filter}`)).body.items[0].id
}

/** Decodes the QR code in a PNG screenshot, in the page (jsQR over canvas pixels). */
async function decodeQR(page, png) {
  await page.evaluate(jsqrSource)
  return page.evaluate(async (b64) => {
    const img = new Image()
    img.src = "data:image/png;base64," + b64
    await img.decode()
    const canvas = document.createElement("canvas")
    canvas.width = img.naturalWidth
    canvas.height = img.naturalHeight
    const ctx = canvas.getContext("2d")
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
    // @ts-ignore jsQR is global once injected
    return jsQR(data.data, data.width, data.height)?.data ?? null
  }, png.toString("base64"))
}

/** A4 at 96 dpi, as print preview lays it out. */
const A4 = { width: 794, height: 1123 }

for (const lang of ["it", "ar"]) {
  describe(`posters in ${lang}`, () => {
    for (const kind of ["activity", "group"]) {
      it(`the ${kind} poster prints alone on A4 and its QR code opens it`, async () => {
        const m = messages(lang)
        const id = kind === "activity" ? await idOf("activities", "zero-sei-pomeriggio-informativo") : await idOf("groups", "0-6-anni")
        const context = await phone(browser, lang)
        const page = await context.newPage()
        await open(page, hub.url, `/poster/${kind}/${id}`)
        assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr")
        assert.ok(await page.locator(".poster-tools select").isVisible(), "the language picker shows on screen")
        assert.deepEqual(await axeViolations(page), [], "axe on screen")

        await page.setViewportSize(A4)
        await page.emulateMedia({ media: "print" })
        for (const chrome of [".topbar", ".tabbar", ".poster-tools"]) {
          assert.equal(await page.locator(chrome).isVisible(), false, `${chrome} is printed`)
        }
        assert.ok(await page.locator(".poster h1").isVisible())
        assert.match(await page.locator(".poster").innerText(), new RegExp(m.poster_scan.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        assert.match(await page.locator(".poster-footer").innerText(), /333 3317332/)
        assert.deepEqual(await axeViolations(page), [], "axe in print")

        const png = await page.locator(".poster-qr-code").screenshot()
        const url = hub.url + (kind === "activity" ? "/activity/" : "/groups/") + id
        assert.equal(await decodeQR(page, png), url)

        const pdf = await page.pdf({ preferCSSPageSize: true })
        const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length
        assert.equal(pages, 1, "the poster is one A4 page")
        await context.close()
      })
    }

    it("Add to my calendar offers the feeds; My calendar gives and resets the private one", async () => {
      const id = await idOf("activities", "zero-sei-pomeriggio-informativo")
      const email = `calendario-${lang}-${Date.now()}@hug.test`
      const password = "password-di-prova-1"
      const created = await api("/api/collections/users/records", {
        method: "POST", body: { email, password, passwordConfirm: password, name: `Prova ${lang}`, role: "family", privacy_accepted: true },
      })
      assert.equal(created.status, 200, created.text)
      const auth = await api("/api/collections/users/auth-with-password", { method: "POST", body: { identity: email, password } })
      const context = await phone(browser, lang)
      await context.addInitScript((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
      const page = await context.newPage()
      const host = new URL(hub.url).host

      await open(page, hub.url, `/activity/${id}`)
      await page.locator(".add-calendar summary").click()
      const feeds = await page.locator(".add-calendar a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))
      assert.deepEqual(feeds, [`webcal://${host}/api/hub/calendar/0-6-anni.ics`, `webcal://${host}/api/hub/calendar/all.ics`])
      for (const feed of feeds) {
        const r = await api(feed.replace(`webcal://${host}`, ""))
        assert.equal(r.status, 200)
        assert.match(r.type, /^text\/calendar/)
      }
      assert.deepEqual(await axeViolations(page), [], "axe with the calendar options open")

      await open(page, hub.url, "/me")
      const section = page.locator("section[aria-labelledby=me-calendar]")
      const link = await section.locator("a.button").getAttribute("href")
      assert.match(link, new RegExp(`^webcal://${host.replace(/\./g, "\\.")}/api/hub/calendar/me/[A-Za-z0-9_-]{43}\\.ics$`))
      assert.equal(await section.locator("input").inputValue(), link)
      const old = link.replace(`webcal://${host}`, "")
      assert.equal((await api(old)).status, 200)
      assert.deepEqual(await axeViolations(page), [], "axe on My space")

      await section.locator(".cal-reset summary").click()
      await section.locator(".cal-reset button.button:not(.button-secondary)").click()
      await page.waitForFunction((before) => document.querySelector("section[aria-labelledby=me-calendar] a.button")?.getAttribute("href") !== before, link)
      const fresh = (await section.locator("a.button").getAttribute("href")).replace(`webcal://${host}`, "")
      assert.notEqual(fresh, old)
      assert.equal((await api(old)).status, 404, "the old link still works after a reset")
      assert.equal((await api(fresh)).status, 200)
      await context.close()
    })
  })
}
