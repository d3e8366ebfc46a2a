// A family's own records, in Italian and Arabic: registering again after
// cancelling shows the new status (one registration, seats decided anew), a
// refusal is read once in the family's language, "My data" downloads the
// export, and deleting the account says what goes and what stays first.
// Every state is axe-clean.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, rendered, axeViolations, root } from "./harness.mjs"

const messages = (lang) => JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))

let hub, browser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
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

async function activityId(slug) {
  const filter = encodeURIComponent(`slug='${slug}'`)
  return (await api(`/api/collections/activities/records?filter=${filter}`)).body.items[0].id
}

/** A new family, signed up through the API, and a phone already signed in as it. */
async function newFamilyPhone(lang) {
  const email = `famiglia-${lang}-${Date.now()}@hug.test`
  const password = "password-di-prova-1"
  const created = await api("/api/collections/users/records", {
    method: "POST", body: { email, password, passwordConfirm: password, name: `Prova ${lang}`, role: "family", privacy_accepted: true },
  })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  const auth = await api("/api/collections/users/auth-with-password", { method: "POST", body: { identity: email, password } })
  assert.equal(auth.status, 200, JSON.stringify(auth.body))
  const context = await phone(browser, lang)
  await context.addInitScript((stored) => localStorage.setItem("pocketbase_auth", stored),
    JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { email, password, token: auth.body.token, user: auth.body.record, context }
}

const box = (page) => page.locator("section[aria-labelledby=reg-title]")

for (const lang of ["it", "ar"]) {
  describe(`my records in ${lang}`, () => {
    it("registering again after cancelling shows the status; a refusal is read once", async () => {
      const t = messages(lang)
      const family = await newFamilyPhone(lang)
      const page = await family.context.newPage()
      const ape = await activityId("ape-2")
      await open(page, hub.url, `/activity/${ape}`)

      const register = async () => {
        await box(page).locator("button[type=submit]").click()
        await box(page).locator("p.status[role=status]").waitFor()
      }
      await register()
      await box(page).getByRole("button", { name: t.register_cancel }).click()
      await box(page).locator("form").waitFor()
      await box(page).locator("input[name=adults]").fill("2")
      await register()
      const status = (await box(page).locator("p.status").innerText()).trim()
      assert.ok([t.registration_status_going, t.registration_status_waitlisted].includes(status), `status shown: ${status}`)
      assert.equal(await box(page).locator(".form-status").count(), 0, "an error box is left on screen")
      // The screen answers from the outbox at once; the hub has the change
      // once the engine has sent it.
      const mineOnHub = () => api(`/api/collections/registrations/records?filter=${encodeURIComponent(`activity='${ape}'`)}`, { token: family.token })
      let mine = await mineOnHub()
      for (const until = Date.now() + 10000; mine.body.items[0]?.adults !== 2 && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 100))
        mine = await mineOnHub()
      }
      assert.equal(mine.body.items.length, 1, "one registration, updated")
      assert.equal(mine.body.items[0].adults, 2)
      assert.deepEqual(await axeViolations(page), [], "registered again: axe")

      // Another phone of the family registers for ape-3 while this one,
      // offline, registers too: when it is back online, the hub's reason is
      // shown once, in the language, where the registration was made.
      const other = await activityId("ape-3")
      await open(page, hub.url, `/activity/${other}`)
      await family.context.setOffline(true)
      const behind = await api("/api/collections/registrations/records", {
        method: "POST", token: family.token, body: { activity: other, user: family.user.id, adults: 1 },
      })
      assert.equal(behind.status, 200, JSON.stringify(behind.body))
      await box(page).locator("button[type=submit]").click()
      await family.context.setOffline(false)
      const error = page.locator(".refused p").first()
      await error.waitFor({ timeout: 15000 })
      assert.equal((await error.innerText()).trim(), t.registration_exists, "the refusal, once, in the language")
      assert.deepEqual(await axeViolations(page), [], "refusal shown: axe")
      await family.context.close()
    })

    it("downloads my data, and deletes the account after saying what goes and what stays", async () => {
      const t = messages(lang)
      const family = await newFamilyPhone(lang)
      const ape = await activityId("ape-4")
      const reg = await api("/api/collections/registrations/records", {
        method: "POST", token: family.token, body: { activity: ape, user: family.user.id, adults: 1 },
      })
      assert.equal(reg.status, 200, JSON.stringify(reg.body))
      const page = await family.context.newPage()
      await open(page, hub.url, "/me")

      const downloading = page.waitForEvent("download")
      await page.getByRole("button", { name: t.me_export }).click()
      const download = await downloading
      assert.match(download.suggestedFilename(), /^hug-my-data-\d{4}-\d{2}-\d{2}\.json$/)
      const exported = JSON.parse(readFileSync(await download.path(), "utf8"))
      assert.equal(exported.profile.email, family.email)
      assert.deepEqual(exported.registrations.map((r) => r.id), [reg.body.id])
      await page.getByText(t.me_export_done).waitFor()

      await page.locator("summary", { hasText: t.me_delete }).click()
      for (const text of [t.me_delete_title, t.me_delete_goes, t.me_delete_stays]) await page.getByText(text).waitFor()
      assert.deepEqual(await axeViolations(page), [], "delete confirmation: axe")
      await page.getByRole("button", { name: t.me_delete_confirm }).click()
      await page.getByText(t.me_deleted).waitFor()
      await rendered(page, "/me")
      assert.deepEqual(await axeViolations(page), [], "account deleted: axe")

      const signIn = await api("/api/collections/users/auth-with-password", { method: "POST", body: { identity: family.email, password: family.password } })
      assert.equal(signIn.status, 400, "the account still signs in")
      assert.equal((await api("/api/hub/me/export", { token: family.token })).status, 401, "the old token still exports")
      assert.equal(await page.evaluate(() => localStorage.getItem("pocketbase_auth")), null, "the phone still holds the session")
      await family.context.close()
    })
  })
}

it("unknown API paths answer a JSON 404 on the running hub, for every method; a real endpoint keeps its preflight", async () => {
  for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
    for (const path of ["/api/hub/nope", "/api/hub/nope/deeper"]) {
      const res = await fetch(hub.url + path, { method })
      assert.equal(res.status, 404, `${method} ${path}`)
      assert.match(res.headers.get("content-type") || "", /^application\/json/, `${method} ${path}`)
      if (method !== "HEAD") assert.equal((await res.json()).data.request.code, "api_not_found")
    }
  }
  const preflight = await fetch(hub.url + "/api/collections/activities/records", {
    method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" },
  })
  assert.equal(preflight.status, 204)
})

// Signing out deletes the person's database on the phone: a screen that is
// reading at that moment reads the guest's data instead of failing with
// "the database connection is closing" (store.js inSession). Reads and the
// sign-out are interleaved on purpose; the old store failed ~200 of 400.
it("a screen reading while the family signs out gets the guest's data, never an error", async () => {
  const family = await newFamilyPhone("pa")
  const page = await family.context.newPage()
  await open(page, hub.url, "/me")
  await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 30000 })
  const failed = await page.evaluate(async () => {
    const store = await import("/data/store.js")
    const reads = []
    const read = (p) => reads.push(p.then(() => "ok", (e) => String(e)))
    for (let i = 0; i < 200; i++) {
      if (i % 20 === 0) store.invalidate() // as the engine does when the outbox moves
      read(store.all("activities"))
      read(store.one("activities", "none"))
      await Promise.resolve()
    }
    const signedOut = store.signOut().then(() => "ok", (e) => "sign-out: " + e)
    for (let i = 0; i < 50; i++) read(store.outbox())
    return [...(await Promise.all(reads)), await signedOut].filter((r) => r !== "ok")
  })
  assert.deepEqual(failed, [])
  assert.equal(await page.evaluate(() => localStorage.getItem("pocketbase_auth")), null, "signed out")
  await family.context.close()
})
