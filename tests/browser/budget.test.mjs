// The first-visit budget: at most 100 KB transferred (compressed, as counted
// by Chromium's network stack through the DevTools protocol) before the
// calendar shows, on a fresh phone. The figure is written to
// test-results/budget.json and docs/PERFORMANCE.md.

import { it, before, after } from "node:test"
import assert from "node:assert/strict"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, rendered, root } from "./harness.mjs"

const BUDGET = 100 * 1000

let hub, browser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

it("first visit to the calendar transfers at most 100 KB", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send("Network.enable")
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true })
  const urls = new Map()
  const bytes = new Map()
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url))
  cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength))

  // The sync engine, the SDK it needs and realtime start after the first
  // paint (app.js startSync). Held back until the calendar has shown, they
  // cannot slip into the count between the paint and the moment the test
  // sees it; and if the calendar needed them, it would never show.
  const afterPaint = /\/(data\/engine\.js|vendor\/pocketbase\.es\.mjs|api\/realtime)(\?|$)/
  let release
  const shown = new Promise((resolve) => (release = resolve))
  await page.route((url) => afterPaint.test(url.pathname), async (route) => {
    await shown
    await route.continue()
  })

  await page.goto(hub.url + "/calendar", { waitUntil: "commit" }) // "load" would wait for what is held
  await rendered(page, "/calendar")
  const shownAt = new Map(bytes) // what had arrived when the calendar showed
  release()
  const total = [...shownAt.values()].reduce((a, b) => a + b, 0)
  const byFile = [...shownAt].map(([id, n]) => [new URL(urls.get(id)).pathname, n]).sort((a, b) => b[1] - a[1])
  mkdirSync(join(root, "test-results"), { recursive: true })
  writeFileSync(join(root, "test-results", "budget.json"), JSON.stringify({ total, requests: byFile.length, byFile }, null, 2))
  console.log(`first visit, calendar shown: ${total} bytes in ${byFile.length} requests`)
  assert.ok(total <= BUDGET, `${total} bytes > ${BUDGET}: ${JSON.stringify(byFile.slice(0, 8))}`)
  await context.close()
})
