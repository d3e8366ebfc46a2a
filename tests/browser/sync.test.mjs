// Offline-first sync in the browser (docs/SYNC.md, issue 8): every write a
// family makes works offline, survives a reload, lands exactly once when the
// network is back, and what others change reaches an open screen without a
// reload. The network is cut with the DevTools protocol: Playwright's
// setOffline sends Network.emulateNetworkConditions {offline: true} to the
// page and to its service worker (a per-page CDP session would leave the
// worker online and the reload would not be offline). 360x640, it and ar,
// axe-clean on the screens the outbox changes.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, messages, signIn, network } from "./harness.mjs"

let hub, browser, staff, superuser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  staff = (await signIn(hub, "staff")).token
  superuser = (await signIn(hub, "admin")).token
  assert.ok(staff && superuser, "demo staff and superuser sign in")
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

async function api(path, { method = "GET", token, body, lang = "it" } = {}) {
  const res = await fetch(hub.url + path, {
    method,
    headers: { "Content-Type": "application/json", "Accept-Language": lang, ...(token ? { Authorization: token } : {}) },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

let made = 0
/** An activity staff publish through the API, open for registration. */
async function newActivity({ capacity = 0, title } = {}) {
  const day = new Date(Date.now() + (3 + made++) * 86400000)
  day.setUTCHours(16, 0, 0, 0)
  const res = await api("/api/collections/activities/records", {
    method: "POST", token: staff,
    body: {
      title: { it: title || `Laboratorio di prova ${made} ${Date.now()}` }, kind: "workshop", status: "approved",
      starts_at: day.toISOString(), ends_at: new Date(day.getTime() + 3600000).toISOString(),
      registration_required: true, capacity,
    },
  })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body
}

/**
 * A new family (made by the superuser, whom the rate limits let through:
 * the tests make more than a guest may sign up in a minute), and a phone
 * signed in as it (the SDK's localStorage entry, as a sign-in leaves it).
 */
async function newFamily(lang) {
  const email = `sync-${lang}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@hug.test`
  const password = "password-di-prova-1"
  const created = await api("/api/collections/users/records", {
    method: "POST", token: superuser,
    body: { email, password, passwordConfirm: password, name: `Sync ${lang}`, role: "family", privacy_accepted: true, languages: [lang] },
  })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  const auth = await api(`/api/collections/users/impersonate/${created.body.id}`, { method: "POST", token: superuser, body: { duration: 3600 } })
  assert.equal(auth.status, 200, JSON.stringify(auth.body))
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { token: auth.body.token, user: auth.body.record, context, page }
}

/** Waits until the service worker controls the page (an offline reload gets the shell). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
}

/** Waits until this tab's engine listens to the poke (data-sync="live", set on each realtime connect). */
async function live(page) {
  await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
}

/** How many changes the shell says wait to be sent (0 when it says nothing). */
async function pending(page) {
  return page.evaluate(() => Number(document.querySelector(".banner-pending")?.getAttribute("data-pending") || 0))
}

async function waitPending(page, n, timeout = 15000) {
  await page.waitForFunction((n) => Number(document.querySelector(".banner-pending")?.getAttribute("data-pending") || 0) === n, n, { timeout })
}

const box = (page) => page.locator("section[aria-labelledby=reg-title]")

async function register(page, { adults = 1, children = 0 } = {}) {
  await box(page).locator("input[name=adults]").fill(String(adults))
  await box(page).locator("input[name=children]").fill(String(children))
  await box(page).locator("button[type=submit]").click()
  await box(page).locator("p.status[role=status]").waitFor()
}

async function registrationsOf(user) {
  return (await api(`/api/collections/registrations/records?filter=${encodeURIComponent(`user='${user}'`)}&perPage=100`, { token: superuser })).body.items
}

async function assertAxe(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: axe`)
}

for (const lang of ["it", "ar"]) {
  describe(`offline writes in ${lang}`, () => {
    it("offline: register twice, cancel one, change the profile and the language; a reload keeps them; online they land once", async () => {
      const t = messages(lang)
      const [a1, a2] = [await newActivity(), await newActivity()]
      const family = await newFamily(lang)
      const { page, context } = family
      await open(page, hub.url, "/calendar")
      await controlled(page)
      await live(page)
      await page.getByText(a1.title.it).waitFor() // both activities are on the phone (pulled)
      await page.getByText(a2.title.it).waitFor()

      await network(context, false)
      await page.goto(hub.url + `/activity/${a1.id}`) // the worker serves the shell
      await rendered(page, `/activity/${a1.id}`)
      await register(page, { adults: 2, children: 1 })
      assert.equal((await box(page).locator("p.status").innerText()).trim(), t.registration_status_going)
      await box(page).getByText(t.sync_waiting).waitFor()
      assert.equal(await pending(page), 1)
      await assertAxe(page, "registered offline")

      await page.goto(hub.url + `/activity/${a2.id}`)
      await rendered(page, `/activity/${a2.id}`)
      await register(page)
      await box(page).getByRole("button", { name: t.register_cancel }).click()
      await box(page).locator("form").waitFor()
      assert.equal(await pending(page), 3)

      await page.goto(hub.url + "/me")
      await rendered(page, "/me")
      await page.locator("input[name=municipality]").fill("Soresina")
      await page.locator("input[name=bands][value='3-6']").check()
      await page.getByRole("button", { name: t.me_save }).click()
      await waitPending(page, 4)
      await page.getByText(t.sync_waiting).first().waitFor()
      await assertAxe(page, "my space offline, waiting")

      // Signing out now would lose them: the phone says so first.
      await page.locator(".signout summary").click()
      await page.locator(".signout h3", { hasText: t.signout_pending_title }).waitFor()
      await assertAxe(page, "sign-out warning")
      await page.getByRole("button", { name: t.signout_keep }).click()

      const other = lang === "it" ? "en" : "fr"
      await page.goto(hub.url + "/language")
      await rendered(page, "/language")
      await page.locator(`button[lang=${other}]`).click()
      await waitPending(page, 5)

      // A reload, still offline: the outbox and what it shows survive.
      await page.reload()
      await rendered(page, "/language")
      assert.equal(await pending(page), 5, "the outbox survives a reload")
      await page.goto(hub.url + `/activity/${a1.id}`)
      await rendered(page, `/activity/${a1.id}`)
      assert.ok(await box(page).locator(".badge-pending").isVisible(), "the registration still waits, shown")
      assert.match(await box(page).innerText(), /2/)
      await page.goto(hub.url + `/activity/${a2.id}`)
      await rendered(page, `/activity/${a2.id}`)
      await box(page).locator("form").waitFor() // cancelled
      await page.goto(hub.url + "/me")
      await rendered(page, "/me")
      assert.equal(await page.locator("input[name=municipality]").inputValue(), "Soresina")
      assert.equal(await api(`/api/collections/registrations/records`, { token: family.token }).then((r) => r.body.items.length), 0, "nothing reached the hub offline")

      // Back online: everything is sent, once, and the count returns to 0.
      await network(context, true)
      await waitPending(page, 0)
      const regs = await registrationsOf(family.user.id)
      assert.equal(regs.length, 2, "one registration per activity: " + JSON.stringify(regs))
      const byActivity = Object.fromEntries(regs.map((r) => [r.activity, r]))
      assert.equal(byActivity[a1.id].status, "going")
      assert.deepEqual([byActivity[a1.id].adults, byActivity[a1.id].children], [2, 1])
      assert.equal(byActivity[a2.id].status, "cancelled")
      const profile = (await api(`/api/collections/users/records/${family.user.id}`, { token: superuser })).body
      assert.equal(profile.municipality, "Soresina")
      assert.deepEqual(profile.children_age_bands, ["3-6"])
      assert.equal(profile.languages[0], other)
      const seats = (await api(`/api/collections/activities/records/${a1.id}`, { token: staff })).body.seats_taken
      assert.equal(seats, 3, "the seats were taken once")

      // The screen shows the server's state, nothing waiting.
      await page.goto(hub.url + `/activity/${a1.id}`)
      await rendered(page, `/activity/${a1.id}`)
      assert.equal(await box(page).locator(".badge-pending").count(), 0)
      await context.close()
    })
  })
}

describe("what the hub decides reaches the screen", () => {
  it("an offline registration for an activity that filled meanwhile ends waitlisted, and the screen says so", async () => {
    const t = messages("it")
    const activity = await newActivity({ capacity: 2 })
    const family = await newFamily("it")
    const { page, context } = family
    await open(page, hub.url, `/activity/${activity.id}`)
    await live(page)
    await network(context, false)
    await register(page, { adults: 2 })
    assert.equal((await box(page).locator("p.status").innerText()).trim(), t.registration_status_going, "the phone guesses a seat")

    // Another family takes the last seats while this phone is offline.
    const rival = await newFamily("it")
    await rival.context.close()
    const taken = await api("/api/collections/registrations/records", { method: "POST", token: rival.token, body: { activity: activity.id, user: rival.user.id, adults: 2 } })
    assert.equal(taken.status, 200, JSON.stringify(taken.body))
    assert.equal(taken.body.status, "going")

    await network(context, true)
    await waitPending(page, 0)
    await page.waitForFunction((s) => document.querySelector("section[aria-labelledby=reg-title] p.status")?.textContent.trim() === s, t.registration_status_waitlisted, { timeout: 10000 })
    const [mine] = await registrationsOf(family.user.id)
    assert.equal(mine.status, "waitlisted")
    await assertAxe(page, "waitlisted")
    await context.close()
  })

  for (const lang of ["it", "ar"]) {
    it(`a refused change is shown where it was made, with its reason, and can be discarded (${lang})`, async () => {
      const t = messages(lang)
      const activity = await newActivity()
      const family = await newFamily(lang)
      const { page, context } = family
      await open(page, hub.url, `/activity/${activity.id}`)
      await live(page)
      await network(context, false)
      await register(page)
      // Staff cancel the activity while the phone is offline: registration closes.
      const cancelled = await api(`/api/collections/activities/records/${activity.id}`, { method: "PATCH", token: staff, body: { status: "cancelled" } })
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
      await network(context, true)
      const refused = page.locator(".refused")
      await refused.waitFor({ timeout: 15000 })
      const reason = (await refused.locator("p").first().innerText()).trim()
      assert.ok(reason.length > 0 && reason !== t.error_status_500, `a reason: ${reason}`)
      assert.equal(await pending(page), 0, "a refusal waits for nobody")
      assert.equal((await registrationsOf(family.user.id)).length, 0)
      await assertAxe(page, "refusal shown")
      // Elsewhere, the shell points back to it.
      await page.goto(hub.url + "/calendar")
      await rendered(page, "/calendar")
      await page.getByText(t.sync_refused_see).waitFor()
      await page.goto(hub.url + `/activity/${activity.id}`)
      await rendered(page, `/activity/${activity.id}`)
      await refused.getByRole("button", { name: t.sync_discard }).click()
      await refused.waitFor({ state: "detached" })
      await context.close()
    })
  }
})

describe("realtime and tabs", () => {
  it("staff publish an activity in another browser: the open calendar shows it within 2 s; deleted, it disappears", async () => {
    const family = await newFamily("it")
    const { page, context } = family
    await open(page, hub.url, "/calendar")
    await live(page)
    await page.evaluate(() => { window.stillThisPage = true })

    const staffContext = await phone(browser, "it")
    const staffPage = await staffContext.newPage()
    await open(staffPage, hub.url, "/")
    const title = `Aperitivo pedagogico in diretta ${Date.now()}`
    const published = await staffPage.evaluate(async ({ token, title }) => {
      const starts = new Date(Date.now() + 2 * 86400000)
      const res = await fetch("/api/collections/activities/records", {
        method: "POST", headers: { "Content-Type": "application/json", Authorization: token },
        body: JSON.stringify({ title: { it: title }, kind: "meeting", status: "approved", starts_at: starts.toISOString(), ends_at: new Date(starts.getTime() + 3600000).toISOString() }),
      })
      return { status: res.status, body: await res.json(), at: Date.now() }
    }, { token: staff, title })
    assert.equal(published.status, 200, JSON.stringify(published.body))
    const card = page.locator(".activity-card", { hasText: title })
    await card.waitFor({ timeout: 2000 })
    assert.equal(await page.evaluate(() => window.stillThisPage), true, "no reload")

    const deleted = await staffPage.evaluate(async ({ token, id }) => (await fetch("/api/collections/activities/records/" + id, { method: "DELETE", headers: { Authorization: token } })).status, { token: staff, id: published.body.id })
    assert.equal(deleted, 204)
    await card.waitFor({ state: "detached", timeout: 2000 })
    await staffContext.close()
    await context.close()
  })

  it("two tabs: one sends, both show the result", async () => {
    const t = messages("it")
    const activity = await newActivity()
    const family = await newFamily("it")
    const { context } = family
    const first = family.page
    await open(first, hub.url, `/activity/${activity.id}`)
    await live(first) // this tab holds the lock: it syncs
    const second = await context.newPage()
    const sent = { first: 0, second: 0 }
    first.on("request", (r) => r.url().endsWith("/api/hub/mutations") && sent.first++)
    second.on("request", (r) => r.url().endsWith("/api/hub/mutations") && sent.second++)
    await open(second, hub.url, `/activity/${activity.id}`)
    assert.equal(await second.evaluate(() => document.documentElement.dataset.sync || ""), "", "the second tab does not sync")

    await register(second, { adults: 1, children: 2 })
    for (const page of [first, second]) {
      await page.waitForFunction(() => document.querySelector("section[aria-labelledby=reg-title] p.status") && !document.querySelector(".badge-pending"), null, { timeout: 10000 })
      assert.equal((await box(page).locator("p.status").innerText()).trim(), t.registration_status_going)
    }
    assert.deepEqual(sent, { first: 1, second: 0 }, "only the syncing tab sends")
    assert.equal((await registrationsOf(family.user.id)).length, 1)

    // Signing out in one tab deletes this person's data on the phone, for both.
    await second.goto(hub.url + "/me")
    await rendered(second, "/me")
    await second.locator(".signout summary").click()
    await rendered(second, "/")
    const key = "hug:" + family.user.id
    let names = []
    for (let i = 0; i < 50; i++) {
      names = await first.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
      if (!names.includes(key)) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.ok(!names.includes(key), `the person's data is still on the phone: ${names}`)
    assert.ok(names.includes("hug:guest"))
    await context.close()
  })
})

describe("a busy hub", () => {
  it("503 with Retry-After 2, then 429 with Retry-After 1: the phone waits as told each time and the change lands once", async () => {
    const { page, context, user, token } = await newFamily("sq")
    await open(page, hub.url, "/me")
    await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 30000 })
    const sent = []
    await page.route("**/api/hub/mutations", async (route) => {
      sent.push(Date.now())
      if (sent.length === 1) return route.fulfill({ status: 503, headers: { "Retry-After": "2" }, contentType: "application/json", body: '{"message":"busy"}' })
      if (sent.length === 2) return route.fulfill({ status: 429, headers: { "Retry-After": "1" }, contentType: "application/json", body: '{"message":"slow down"}' })
      return route.continue()
    })
    await page.evaluate(async () => (await import("/data/store.js")).mutate("update_profile", { municipality: "Soresina" }, { where: "/me" }))
    let stored
    for (let i = 0; i < 150 && stored?.municipality !== "Soresina"; i++) {
      stored = (await api(`/api/collections/users/records/${user.id}`, { token })).body
      if (stored?.municipality !== "Soresina") await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(stored?.municipality, "Soresina", "the change landed")
    assert.ok(sent.length >= 3, `sent ${sent.length} times`)
    assert.ok(sent[1] - sent[0] >= 1900, `after the 503 it waited ${sent[1] - sent[0]} ms, told 2 s`)
    assert.ok(sent[2] - sent[1] >= 900, `after the 429 it waited ${sent[2] - sent[1]} ms, told 1 s`)
    await page.waitForFunction(async () => (await (await import("/data/store.js")).outbox()).pending === 0)
    await context.close()
  })
})
