// The app as an installed, offline-first PWA: installable, works after the
// network is cut (through the DevTools protocol) and the page reloaded, and
// offers a new version instead of half-applying it.

import { it, before, after } from "node:test"
import assert from "node:assert/strict"
import { writeFileSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, persistentPhone, open, rendered } from "./harness.mjs"

let hub, browser
before(async () => {
  hub = await startHub({ copyPublic: true })
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

/** Waits until the service worker controls the page (its shell is cached). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
}

it("meets installability: manifest, icons, service worker", async () => {
  const context = await persistentPhone("it")
  const page = context.pages()[0] || (await context.newPage())
  await open(page, hub.url, "/")
  await controlled(page)
  const cdp = await context.newCDPSession(page)
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors")
  assert.deepEqual(installabilityErrors, [])
  const manifest = await (await fetch(hub.url + "/manifest.webmanifest", { headers: { "Accept-Language": "ar" } })).json()
  assert.equal(manifest.display, "standalone")
  assert.equal(manifest.dir, "rtl")
  assert.deepEqual(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`), ["192x192 any", "512x512 any", "512x512 maskable"])
  assert.deepEqual(manifest.shortcuts.map((s) => s.url), ["/calendar", "/places"])
  for (const src of [...manifest.icons.map((i) => i.src), ...manifest.screenshots.map((s) => s.src)]) {
    const res = await fetch(hub.url + src)
    assert.equal(res.status, 200, src)
    assert.equal(res.headers.get("content-type"), "image/png", src)
  }
  await context.close()
})

it("works offline after a reload: shell, calendar, places with open-now, directory", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  await open(page, hub.url, "/calendar")
  await controlled(page)

  await context.setOffline(true) // Network.emulateNetworkConditions, for the page and its worker
  await page.reload()
  await rendered(page, "/calendar")
  const banner = page.locator(".banner-offline")
  assert.ok(await banner.isVisible(), "no offline banner")
  assert.match(await banner.innerText(), /\d/, "the banner does not say when data was updated")
  assert.ok((await page.locator(".activity-card").count()) >= 10, "the calendar is empty offline")

  await page.locator(".tabbar a[href='/places']").click()
  await rendered(page, "/places")
  assert.equal(await page.locator(".place").count(), 5)
  assert.ok(await page.locator(".place .status").first().isVisible(), "no open-now line offline")

  await page.locator(".tabbar a[href='/services']").click()
  await rendered(page, "/services")
  assert.ok((await page.locator(".service").count()) >= 25, "the directory is empty offline")

  // A deep link typed while offline still gets the shell.
  await page.goto(hub.url + "/about")
  await rendered(page, "/about")
  await context.close()
})

it("a new version is offered, and applied only when asked", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await controlled(page)
  const before = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("hug-shell-")))

  // Ship a new version: any change to a shell file changes the worker.
  const css = join(hub.publicDir, "styles", "app.css")
  writeFileSync(css, readFileSync(css, "utf8") + "\n/* v2 */\n")
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update())
  const banner = page.locator(".banner-update")
  await banner.waitFor({ timeout: 15000 })
  // Still the old version until the person says so.
  assert.deepEqual(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("hug-shell-")).length), 2)

  await Promise.all([page.waitForEvent("load"), banner.locator("button").click()])
  await rendered(page, "/")
  const after = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("hug-shell-")))
  assert.equal(after.length, 1)
  assert.notDeepEqual(after, before)
  const served = await page.evaluate(async () => (await (await caches.open((await caches.keys()).find((k) => k.startsWith("hug-shell-")))).match("/styles/app.css")).text())
  assert.ok(served.includes("/* v2 */"), "the new cache holds the old stylesheet")
  await context.close()
})
