// Web Push end to end, in the browser (issue 11). Headless Chromium has no
// push service, so the page's PushManager is replaced (addInitScript) by one
// whose subscription points at the push service double (cmd/pushdouble)
// with a real P-256 key pair made in the page by WebCrypto; the double gets
// the private key, so it decrypts what the hub sends exactly as a browser's
// push service and browser would. A family turns notifications on in Arabic
// (the permission is asked from the tap), staff post an urgent
// announcement, the double receives it signed (VAPID) and encrypted, in
// Arabic; the payload is handed to the service worker with the DevTools
// protocol (ServiceWorker.deliverPushMessage), which shows it: its title,
// body and language are read back with registration.getNotifications(). A
// tap on it (the worker's notificationclick path) opens its screen in the
// app; the inbox holds it and opening it there marks it read on the hub.
// The same id delivered again after the notification was dismissed shows
// nothing; a neutral payload shows the neutral text whatever it carries.
// axe is clean on both screens in it and ar at 360 px.

import { it, before, after } from "node:test"
import assert from "node:assert/strict"
import { spawn, execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, rendered, axeViolations, root } from "./harness.mjs"

const messages = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))
const shots = join(root, "test-results")

let hub, browser, double, doubleURL, tmp, superuser, staff
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "hug-push-"))
  const bin = join(tmp, "pushdouble")
  execFileSync("go", ["build", "-o", bin, "./cmd/pushdouble"], { cwd: root, env: { GOTOOLCHAIN: "go1.27.3", ...process.env }, stdio: "inherit" })
  double = spawn(bin, ["-listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] })
  doubleURL = await new Promise((resolve, reject) => {
    let out = ""
    double.stdout.on("data", (d) => {
      out += d
      const m = out.match(/https?:\/\/[^\s]+/)
      if (m) resolve(m[0].replace(/\/$/, ""))
    })
    double.once("exit", () => reject(new Error("pushdouble exited: " + out)))
  })
  process.env.HUG_PUSH_ALLOW = new URL(doubleURL).origin // the hub accepts the double's endpoints
  hub = await startHub()
  delete process.env.HUG_PUSH_ALLOW
  browser = await launchChromium()
  superuser = (await api("/api/collections/_superusers/auth-with-password", { method: "POST", body: { identity: "admin@hug.test", password: "admin-demo-2026" } })).body.token
  staff = (await api("/api/collections/users/auth-with-password", { method: "POST", body: { identity: "staff@hug.test", password: "staff-demo-2026" } })).body
  assert.ok(superuser && staff?.token, "demo superuser and staff sign in")
  mkdirSync(shots, { recursive: true })
})
after(async () => {
  await browser?.close()
  await hub?.stop()
  double?.kill()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function api(path, { method = "GET", token, body, base = hub.url } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: token } : {}) },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  let parsed = null
  try { parsed = text ? JSON.parse(text) : null } catch { parsed = text }
  return { status: res.status, body: parsed }
}

// Generous: a loaded CI machine may take long to start a stopped service worker.
async function until(what, fn, timeout = 45000) {
  const end = Date.now() + timeout
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error("timed out waiting for " + what)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * Runs in the page before the app: a PushManager whose subscription is the
 * double's endpoint with a real P-256 pair and auth secret made here; kept
 * in localStorage, as a browser keeps its subscription across starts.
 */
function fakePushManager(doubleURL) {
  const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
  const unb64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))
  const KEY = "test:push-subscription"
  const subscription = (s) => ({
    endpoint: s.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: unb64u(s.serverKey).buffer },
    getKey: (name) => unb64u(name === "p256dh" ? s.publicKey : s.auth).buffer,
    toJSON: () => ({ endpoint: s.endpoint, expirationTime: null, keys: { p256dh: s.publicKey, auth: s.auth } }),
    unsubscribe: async () => (localStorage.removeItem(KEY), true),
  })
  PushManager.prototype.getSubscription = async function () {
    const s = JSON.parse(localStorage.getItem(KEY) || "null")
    return s && subscription(s)
  }
  PushManager.prototype.subscribe = async function (options) {
    const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])
    const id = crypto.randomUUID()
    const s = {
      id,
      endpoint: doubleURL + "/push/" + id,
      publicKey: b64u(await crypto.subtle.exportKey("raw", pair.publicKey)),
      privateKey: (await crypto.subtle.exportKey("jwk", pair.privateKey)).d,
      auth: b64u(crypto.getRandomValues(new Uint8Array(16))),
      serverKey: b64u(options.applicationServerKey),
    }
    localStorage.setItem(KEY, JSON.stringify(s))
    return subscription(s)
  }
}

/** Counts the permission prompts: the app may ask only from a tap. */
function countPermissionPrompts() {
  const ask = Notification.requestPermission.bind(Notification)
  Notification.requestPermission = (...args) => {
    sessionStorage.setItem("test:asked", String(Number(sessionStorage.getItem("test:asked") || 0) + 1))
    return ask(...args)
  }
}
/** Records the app badge the page sets (headless Chromium shows none). */
function recordAppBadge() {
  Object.assign(navigator, {
    setAppBadge: async (n) => sessionStorage.setItem("test:badge", String(n)),
    clearAppBadge: async () => sessionStorage.setItem("test:badge", "0"),
  })
}
const badge = (page) => page.evaluate(() => sessionStorage.getItem("test:badge"))
const prompts = (page) => page.evaluate(() => Number(sessionStorage.getItem("test:asked") || 0))

/** A 360 px phone in a language where the person allows notifications. */
async function pushPhone(lang) {
  const context = await phone(browser, lang)
  await context.grantPermissions(["notifications"], { origin: hub.url })
  await context.addInitScript(fakePushManager, doubleURL)
  await context.addInitScript(countPermissionPrompts)
  await context.addInitScript(recordAppBadge)
  const page = await context.newPage()
  page.on("pageerror", (e) => console.log("pageerror:", e.message))
  return { context, page }
}

/** A new family account in a language, signed in on such a phone. */
async function familyPhone(lang) {
  const email = `push-${lang}-${Date.now()}@hug.test`
  const user = await api("/api/collections/users/records", {
    method: "POST", token: superuser,
    body: { email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name: "Famiglia Push", role: "family", privacy_accepted: true, languages: [lang] },
  })
  assert.equal(user.status, 200, JSON.stringify(user.body))
  const auth = (await api(`/api/collections/users/impersonate/${user.body.id}`, { method: "POST", token: superuser, body: { duration: 3600 } })).body
  const { context, page } = await pushPhone(lang)
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.token, record: auth.record }))
  return { context, page, auth }
}

/** The page's subscription, made known to the double (as a browser's push service knows it). */
async function registerWithDouble(page) {
  const sub = await page.evaluate(() => JSON.parse(localStorage.getItem("test:push-subscription")))
  const put = await api(`/subscribers/${sub.id}`, { method: "PUT", base: doubleURL, body: { privateKey: sub.privateKey, publicKey: sub.publicKey, auth: sub.auth } })
  assert.ok(put.status < 300, "the double knows the page's keys: " + JSON.stringify(put))
  return sub
}

/** The pushes the double received for a subscription, once there are n. */
function receivedAt(id, n = 1) {
  return until(`${n} push(es) at ${id}`, async () => {
    const r = await api(`/received/${id}`, { base: doubleURL })
    return Array.isArray(r.body) && r.body.length >= n ? r.body : null
  })
}

/** ServiceWorker.deliverPushMessage for the hub's worker, as the browser does with a push. */
async function pushDeliverer(context, page) {
  const cdp = await context.newCDPSession(page)
  const registration = new Promise((resolve) => cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
    const r = registrations.find((x) => !x.isDeleted && x.scopeURL.startsWith(hub.url))
    if (r) resolve(r.registrationId)
  }))
  await cdp.send("ServiceWorker.enable")
  const registrationId = await registration
  return (data) => cdp.send("ServiceWorker.deliverPushMessage", { origin: hub.url, registrationId, data })
}

/** The notifications the service worker shows now. */
function shown(page) {
  return page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({ title: n.title, body: n.body, lang: n.lang, dir: n.dir, tag: n.tag, url: n.data?.url })))
}

it("a family in Arabic gets staff's announcement by push, once, and in the inbox", async () => {
  const ar = messages("ar")
  const { context, page, auth } = await familyPhone("ar")

  // Turning notifications on: from the person's tap.
  await open(page, hub.url, "/me/notifications")
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
  assert.deepEqual(await axeViolations(page), [], "/me/notifications in ar")
  await page.screenshot({ path: join(shots, "push-settings-ar.png"), fullPage: true })
  assert.equal(await prompts(page), 0, "no permission prompt on load")
  await page.getByRole("button", { name: ar.notify_turn_on }).click()
  await page.waitForSelector("[data-push=on]", { timeout: 45000 })
  assert.equal(await prompts(page), 1, "the tap asked once")
  const sub = await registerWithDouble(page)

  // The family follows a public group it is not a member of: the phone's
  // subscription carries it; quiet hours and the rest go to the profile.
  const group = (await api("/api/collections/groups/records?perPage=50")).body.items.find((g) => g.public && !g.sensitive) // a sensitive group's pushes are neutral (another test)
  const followed = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST")
  await page.locator(`input[name=groups][value="${group.id}"]`).check()
  await page.locator("input[name=quiet_from]").fill("22:30")
  await page.getByRole("button", { name: ar.notify_save }).click()
  assert.deepEqual((await followed).request().postDataJSON().receive, { groups: [group.id] })
  await until("the choices in the profile", async () =>
    (await api(`/api/collections/users/records/${auth.record.id}`, { token: auth.token })).body?.notify_prefs?.quiet?.from === "22:30")
  assert.deepEqual(await axeViolations(page), [], "/me/notifications in ar, turned on")
  await page.screenshot({ path: join(shots, "push-settings-on-ar.png"), fullPage: true })

  // Staff post an urgent announcement to that group (urgent: quiet hours let it through).
  const title = { it: "Centro chiuso domani", ar: "المركز مغلق غدًا" }
  const body = { it: "Il Centro per le Famiglie resta chiuso per manutenzione.", ar: "يبقى مركز العائلات مغلقًا للصيانة." }
  const posted = await api("/api/collections/announcements/records", { method: "POST", token: staff.token, body: { title, body, urgent: true, group: group.id } })
  assert.equal(posted.status, 200, JSON.stringify(posted.body))

  // The push service gets it signed for it, encrypted for the page's keys, in Arabic.
  const received = await receivedAt(sub.id)
  assert.equal(received.length, 1)
  assert.equal(received[0].vapidOk, true, "the VAPID JWT checks out")
  assert.equal(received[0].urgency, "high")
  const payload = JSON.parse(received[0].payload)
  assert.equal(payload.title, title.ar)
  assert.equal(payload.body, body.ar)
  assert.equal(payload.neutral, false)
  assert.equal(payload.url, "/groups/" + group.id)

  // The service worker shows it.
  const deliver = await pushDeliverer(context, page)
  await deliver(received[0].payload)
  let notes = await until("the notification", async () => ((await shown(page)).length ? shown(page) : null))
  assert.equal(notes.length, 1)
  assert.equal(notes[0].title, title.ar)
  assert.equal(notes[0].body, body.ar)
  assert.equal(notes[0].lang, "ar")
  assert.equal(notes[0].dir, "rtl")
  assert.equal(notes[0].tag, payload.id)
  assert.equal(notes[0].url, payload.url)

  // The bell counts it, the inbox holds it, newest first, in Arabic.
  await open(page, hub.url, "/inbox")
  const row = await page.waitForSelector(".inbox-item.is-unread", { timeout: 20000 })
  assert.match(await row.innerText(), new RegExp(title.ar))
  assert.match(await row.innerText(), new RegExp(body.ar))
  assert.equal(await page.locator(".bell-count").innerText(), "1")
  assert.equal(await badge(page), "1", "the app's icon shows the unread count")
  assert.deepEqual(await axeViolations(page), [], "/inbox in ar")
  await page.screenshot({ path: join(shots, "push-inbox-ar.png"), fullPage: true })

  // A tap on the notification (the worker's own notificationclick path)
  // opens its screen in this window.
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(hub.url)) || (await context.waitForEvent("serviceworker"))
  await worker.evaluate(async (tag) => {
    const [n] = await self.registration.getNotifications({ tag })
    n.close()
    // @ts-ignore the worker's own function (sw.js)
    await openFromNotification(n)
  }, payload.id)
  await rendered(page, new URL(payload.url, hub.url).pathname)
  assert.equal(await page.evaluate(() => location.pathname + location.search), payload.url)

  // Opening it marked it read on the hub (through the outbox).
  await until("the inbox row read on the hub", async () => {
    const rows = await api(`/api/collections/notifications/records?perPage=50`, { token: auth.token })
    return rows.body?.items?.some((n) => n.notice === payload.id && n.read_at)
  })
  assert.equal(await badge(page), "0", "read: the badge goes")

  // The same id again (a retry after a crash), after it was dismissed: nothing shows.
  assert.deepEqual(await shown(page), [])
  await deliver(received[0].payload)
  await deliver(JSON.stringify({ id: "neutral-" + Date.now(), title: "سر: موعدك يوم الخميس", body: "secret", url: "/inbox", kind: "appointment", neutral: true, unread: 1 }))
  notes = await until("the neutral notification", async () => ((await shown(page)).length ? shown(page) : null))
  assert.equal(notes.length, 1, "the copy of the announcement did not show again: " + JSON.stringify(notes))
  // A neutral one shows the neutral text of the app's language, never the payload's words.
  assert.equal(notes[0].title, ar.notify_neutral_title)
  assert.equal(notes[0].body, ar.notify_neutral_body)

  // The browser renews the subscription (new endpoint, new keys) while the
  // app is closed: at the next start the app sends the new one to the hub,
  // which delivers the next announcement there.
  await page.evaluate(() => localStorage.removeItem("test:push-subscription"))
  const reposted = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST", { timeout: 45000 })
  await page.reload()
  assert.equal((await reposted).status(), 200)
  const renewed = await registerWithDouble(page)
  assert.notEqual(renewed.id, sub.id)
  const second = { it: "Nuovo orario del giovedì", ar: "موعد جديد يوم الخميس" }
  const again = await api("/api/collections/announcements/records", { method: "POST", token: staff.token, body: { title: second, body: second, urgent: true } })
  assert.equal(again.status, 200, JSON.stringify(again.body))
  const [there] = await receivedAt(renewed.id)
  assert.equal(JSON.parse(there.payload).title, second.ar)
  assert.equal((await api(`/received/${sub.id}`, { base: doubleURL })).body.length, 1, "nothing more at the old endpoint")

  // A subscription made for another VAPID key (the hub's keys were
  // rotated) is replaced at the next start; one unchanged is posted again
  // after a day, so the hub knows it is still used.
  const startAgain = async () => {
    const post = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST", { timeout: 45000 })
    await page.reload()
    return (await post).request().postDataJSON()
  }
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem("test:push-subscription"))
    localStorage.setItem("test:push-subscription", JSON.stringify({ ...s, serverKey: "BAAA" + s.serverKey.slice(4) }))
  })
  const rekeyed = await startAgain()
  assert.notEqual(rekeyed.endpoint, renewed.endpoint, "subscribed again for the hub's key")
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open("hug")
    req.onsuccess = () => {
      const meta = req.result.transaction("meta", "readwrite").objectStore("meta")
      const get = meta.get("push:sent")
      get.onsuccess = () => {
        meta.put({ ...get.result, at: Date.now() - 25 * 3600 * 1000 }, "push:sent").onsuccess = () => (req.result.close(), resolve())
      }
    }
    req.onerror = reject
  }))
  assert.equal((await startAgain()).endpoint, rekeyed.endpoint, "the same subscription, posted again after a day")

  // Opening it from the inbox marks it read too, and goes to its screen.
  await rendered(page, new URL(page.url()).pathname)
  await open(page, hub.url, "/inbox")
  const unread = page.locator(".inbox-item.is-unread")
  await unread.filter({ hasText: second.ar }).waitFor({ timeout: 20000 })
  await unread.filter({ hasText: second.ar }).locator("a").click()
  await rendered(page, JSON.parse(there.payload).url)
  await until("the second row read on the hub", async () => {
    const rows = await api(`/api/collections/notifications/records?perPage=50`, { token: auth.token })
    return rows.body?.items?.every((n) => n.read_at)
  })

  // Signing out: the phone tells the hub at once that nobody is signed in
  // on it, so what concerns the family stops coming here.
  await open(page, hub.url, "/me")
  const asGuest = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST")
  await page.getByText(ar.signout, { exact: true }).click()
  const detached = await asGuest
  assert.equal(detached.request().headers().authorization, undefined)
  assert.equal((await detached.json()).signedIn, false)
  await context.close()
})

it("signing out offline: what concerns the family stops reaching this phone", async () => {
  const uk = messages("uk")
  const { context, page } = await familyPhone("uk")
  await open(page, hub.url, "/me/notifications")
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
  await page.getByRole("button", { name: uk.notify_turn_on }).click()
  await page.waitForSelector("[data-push=on]", { timeout: 45000 })
  const family = await registerWithDouble(page)
  const endpoints = async () => (await api(`/api/collections/push_subscriptions/records?perPage=200`, { token: superuser })).body.items.map((s) => s.endpoint)
  assert.ok((await endpoints()).includes(family.endpoint), "the hub has the family's address")

  // No signal: the hub cannot be told, so the phone drops the address itself.
  await open(page, hub.url, "/me")
  await context.setOffline(true)
  await page.getByText(uk.signout, { exact: true }).click()
  await until("the phone's push address dropped", async () =>
    (await page.evaluate(() => localStorage.getItem("test:push-subscription"))) === null)

  // Signal again, next start: a new address as a guest; the old one forgotten by the hub.
  await context.setOffline(false)
  const asGuest = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST")
  await page.reload()
  const answer = await (await asGuest).json()
  assert.equal(answer.signedIn, false)
  const guest = await page.evaluate(() => JSON.parse(localStorage.getItem("test:push-subscription")))
  assert.notEqual(guest.endpoint, family.endpoint, "a new address after the sign-out")
  await until("the family's old address gone from the hub", async () => !(await endpoints()).includes(family.endpoint))
  assert.ok((await endpoints()).includes(guest.endpoint))
  await context.close()
})

it("a guest in Italian follows the public announcements; the inbox keeps what this phone showed", async () => {
  const it_ = messages("it")
  const { context, page } = await pushPhone("it")
  await open(page, hub.url, "/me/notifications")
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
  assert.deepEqual(await axeViolations(page), [], "/me/notifications in it")
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, "no sideways scroll")
  await page.screenshot({ path: join(shots, "push-settings-it.png"), fullPage: true })
  const posted = page.waitForResponse((r) => r.url().endsWith("/api/hub/push/subscriptions") && r.request().method() === "POST")
  await page.getByRole("button", { name: it_.notify_turn_on }).click()
  const answer = await (await posted).json()
  assert.equal(answer.signedIn, false)
  assert.equal(answer.language, "it")
  const sub = await registerWithDouble(page)

  const words = { it: "Festa di fine anno al Centro, sabato alle 16", ar: "حفلة نهاية العام في المركز" }
  const made = await api("/api/collections/announcements/records", { method: "POST", token: staff.token, body: { title: words, body: words, urgent: true } })
  assert.equal(made.status, 200, JSON.stringify(made.body))
  const [got] = await receivedAt(sub.id)
  assert.equal(JSON.parse(got.payload).title, words.it, "in the guest's language")
  const deliver = await pushDeliverer(context, page)
  await deliver(got.payload)
  await until("the notification", async () => (await shown(page)).length)

  await open(page, hub.url, "/inbox")
  await page.locator(".inbox-item", { hasText: words.it }).waitFor({ timeout: 20000 })
  assert.deepEqual(await axeViolations(page), [], "/inbox in it")
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, "no sideways scroll")
  await page.screenshot({ path: join(shots, "push-inbox-it.png"), fullPage: true })
  await context.close()
})

it("an iPhone is told what push needs there", async () => {
  const it_ = messages("it")
  for (const [ua, says] of [
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", it_.notify_ios_install],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1", it_.notify_ios_old],
  ]) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "it", userAgent: ua })
    const page = await context.newPage()
    await open(page, hub.url, "/me/notifications")
    const text = await page.locator("main").innerText()
    assert.ok(text.includes(says), ua)
    assert.equal(await page.getByRole("button", { name: it_.notify_turn_on }).count(), 0, "no button that cannot work")
    await context.close()
  }
})
