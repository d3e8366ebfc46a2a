// Starts the real hub (the binary `make build` made, with its migrations,
// hooks, demo data and PWA) on a free loopback port, and a headless Debian
// Chromium through playwright-core.

import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, readFileSync, cpSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on("error", reject)
  })
}

/**
 * Starts `hug serve --demo` on a fresh data dir. With copyPublic, the PWA is
 * served from a copy the test may change (to ship a new version).
 */
export async function startHub({ copyPublic = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "hug-browser-"))
  const port = await freePort()
  const publicDir = copyPublic ? join(dir, "pb_public") : join(root, "pb_public")
  if (copyPublic) cpSync(join(root, "pb_public"), publicDir, { recursive: true })
  const proc = spawn(join(root, "hug"), ["serve", "--http", `127.0.0.1:${port}`, "--dir", join(dir, "pb_data"), "--demo",
    "--migrationsDir", join(root, "pb_migrations"), "--hooksDir", join(root, "pb_hooks"), "--publicDir", publicDir], { stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  proc.stdout.on("data", (d) => (output += d))
  proc.stderr.on("data", (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url + "/api/health")).ok) break
    } catch {}
    if (proc.exitCode !== null) throw new Error("hug exited:\n" + output)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    publicDir,
    output: () => output,
    async stop() {
      proc.kill("SIGTERM")
      await new Promise((r) => proc.once("exit", r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const chromiumOptions = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
}

export async function launchChromium() {
  return chromium.launch(chromiumOptions)
}

const phoneOptions = { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 }

/**
 * A phone with a real profile on disk (fresh user-data-dir): Chromium only
 * judges installability outside incognito, which plain contexts are.
 */
export async function persistentPhone(locale = "it") {
  const dir = mkdtempSync(join(tmpdir(), "hug-profile-"))
  const context = await chromium.launchPersistentContext(dir, { ...chromiumOptions, ...phoneOptions, locale })
  context.on("close", () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    } catch {} // Chromium may still be writing its profile; it is in tmp anyway
  })
  return context
}

/** A phone: 360x640, touch, in a language. */
export function phone(browser, locale = "it") {
  return browser.newContext({ ...phoneOptions, locale })
}

/** Opens a path and waits until the app has rendered it. */
export async function open(page, url, path) {
  await page.goto(url + path)
  await rendered(page, path)
}

export async function rendered(page, path) {
  await page.waitForFunction((p) => document.body.dataset.rendered === p, path.split("?")[0], { timeout: 15000 })
}

const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8")

/**
 * A page in context signed in as auth ({ token, record }, an auth answer): the
 * SDK's localStorage entry, as a sign-in leaves it, then path opened and
 * waited on until this tab's engine listens to the poke (data-sync="live",
 * set on each realtime connect), so what the hub changes next reaches it.
 */
export async function signedIn(hub, context, auth, path) {
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.token, record: auth.record }))
  await open(page, hub.url, path)
  await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 30000 })
  return page
}

/** Fails unless the page fits its width: nothing to scroll sideways to. */
export async function noSidewaysScroll(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(over <= 0, `${what}: the page scrolls sideways by ${over}px`)
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now. */
export async function axeViolations(page) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() =>
    // @ts-ignore axe is global once injected
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)
}

/** A locale file (locales/<lang>.json): the messages the app shows in that language. */
export const messages = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))

/**
 * One call to the hub's API, as a script makes it: { status, body }, the body
 * parsed as JSON (its text if it is not JSON, null if empty). With lang, the
 * request carries that Accept-Language.
 */
export async function api(hub, method, path, body, token, { lang } = {}) {
  const res = await fetch(hub.url + path, {
    method, body: body && JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...(lang ? { "Accept-Language": lang } : {}), ...(token ? { Authorization: token } : {}) },
  })
  const text = await res.text()
  let parsed = null
  try { parsed = text ? JSON.parse(text) : null } catch { parsed = text }
  return { status: res.status, body: parsed }
}

/** The demo accounts `hug serve --demo` seeds (admin is the superuser). */
export const DEMO = {
  staff: { collection: "users", identity: "staff@hug.test", password: "staff-demo-2026" },
  admin: { collection: "_superusers", identity: "admin@hug.test", password: "admin-demo-2026" },
  family: { collection: "users", identity: "famiglia@hug.test", password: "famiglia-demo-2026" },
}

/** Signs a demo account in (DEMO.staff, or "staff"): its auth answer, { token, record }. */
export async function signIn(hub, who) {
  const { collection, identity, password } = typeof who === "string" ? DEMO[who] : who
  const res = await api(hub, "POST", `/api/collections/${collection}/auth-with-password`, { identity, password })
  assert.equal(res.status, 200, `${identity} signs in: ${JSON.stringify(res.body)}`)
  return res.body
}

/**
 * Polls until fn returns something truthy, and returns it. Past the timeout
 * the test fails with `what` (a function is given fn's last answer).
 */
export async function until(what, fn, { timeout = 15000, every = 100 } = {}) {
  const end = Date.now() + timeout
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) assert.fail(typeof what === "function" ? await what(v) : `timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

/**
 * Cuts the phone's network (on = false) or gives it back. setOffline alone
 * leaves a gap: a document loaded offline (a reload, a navigation) may make
 * a request before the emulation reaches it, and a change "made offline"
 * then lands early. The context also refuses every request to the hub's API
 * while cut, as a network error.
 * @param {import("playwright-core").BrowserContext} context @param {boolean} on
 */
export async function network(context, on) {
  if (on) {
    await context.unroute("**/api/**")
    await context.setOffline(false)
  } else {
    await context.setOffline(true)
    await context.route("**/api/**", (route) => route.abort("internetdisconnected"))
  }
}
