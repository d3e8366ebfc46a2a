// The waiting list through the app (issue 9, Registering): on a full
// activity a family is put on the waiting list; when another family
// cancels, the phone is told (poke, pull) and Home shows the place offered
// with its deadline; the family confirms it there and the hub has it going.
// 360x640, in Italian and Arabic, axe-clean on each screen it passes.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, axeViolations, api, messages, signIn } from "./harness.mjs"

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

/** A family account (made by the superuser: past the sign-up rate limit) and its token. */
async function family(lang, tag) {
  const email = `lista-${tag}-${lang}-${Date.now()}@hug.test`
  const made = await api(hub, "POST", "/api/collections/users/records", {
    email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name: `Lista ${tag}`, role: "family", privacy_accepted: true, languages: [lang],
  }, superuser)
  assert.equal(made.status, 200, JSON.stringify(made.body))
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)
  return { token: auth.body.token, record: auth.body.record }
}

for (const lang of ["it", "ar"]) {
  describe(`waiting list and offer in ${lang}`, () => {
    it("a full activity waitlists the family; a cancellation elsewhere offers it the place; it confirms in the app", async () => {
      const t = messages(lang)
      const day = new Date(Date.now() + 5 * 86400000)
      day.setUTCHours(15, 0, 0, 0)
      const activity = (await api(hub, "POST", "/api/collections/activities/records", {
        title: { it: `Laboratorio pieno ${lang} ${Date.now()}` }, kind: "workshop", status: "approved", capacity: 2,
        starts_at: day.toISOString(), ends_at: new Date(day.getTime() + 3600000).toISOString(), registration_required: true,
      }, staff)).body
      // Another family takes both places.
      const other = await family(lang, "altra")
      const taken = await api(hub, "POST", "/api/collections/registrations/records", { activity: activity.id, user: other.record.id, adults: 1, children: 1 }, other.token)
      assert.equal(taken.body.status, "going")

      const me = await family(lang, "mia")
      const context = await phone(browser, lang)
      const page = await context.newPage()
      await open(page, hub.url, "/")
      await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: me.token, record: me.record }))
      await open(page, hub.url, `/activity/${activity.id}`)
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === "ar" ? "rtl" : "ltr")
      const box = page.locator("section[aria-labelledby=reg-title]")
      await box.locator("input[name=adults]").fill("1")
      await box.locator("input[name=children]").fill("1")
      await box.locator("button[type=submit]").click()
      // The server decides: waitlisted (the phone may have guessed so already).
      await page.waitForFunction((s) => document.querySelector("section[aria-labelledby=reg-title] p.status")?.textContent.trim() === s
        && !document.querySelector(".badge-pending"), t.registration_status_waitlisted, { timeout: 15000 })
      assert.deepEqual(await axeViolations(page), [], "waitlisted: axe")
      const mine = (await api(hub, "GET", `/api/collections/registrations/records?filter=${encodeURIComponent(`user='${me.record.id}'`)}`, null, superuser)).body.items[0]
      assert.equal(mine.status, "waitlisted")

      // The other family cancels on its phone: the place is offered to this one.
      await open(page, hub.url, "/")
      await page.waitForFunction(() => document.documentElement.dataset.sync === "live", null, { timeout: 15000 })
      const cancelled = await api(hub, "PATCH", `/api/collections/registrations/records/${taken.body.id}`, { status: "cancelled" }, other.token)
      assert.equal(cancelled.status, 200)
      const offer = page.locator("section.offer")
      await offer.waitFor({ timeout: 15000 })
      assert.equal((await offer.locator("h2").innerText()).trim(), t.offer_title)
      assert.ok((await offer.innerText()).includes(activity.title.it), "the offer names the activity")
      assert.deepEqual(await axeViolations(page), [], "offer on Home: axe")
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 360, `Home is ${width} px wide`)

      // My space shows it too.
      await open(page, hub.url, "/me")
      await page.locator("section.offer").waitFor()
      assert.deepEqual(await axeViolations(page), [], "offer in My space: axe")

      // Confirmed there: going on the server, the offer gone from the screen.
      await page.locator("section.offer").getByRole("button", { name: t.offer_confirm }).click()
      await page.waitForFunction(() => !document.querySelector("section.offer") && !document.querySelector(".badge-pending"), null, { timeout: 15000 })
      let status = ""
      for (let i = 0; i < 50 && status !== "going"; i++) {
        status = (await api(hub, "GET", `/api/collections/registrations/records/${mine.id}`, null, superuser)).body.status
        if (status !== "going") await new Promise((r) => setTimeout(r, 100))
      }
      assert.equal(status, "going")
      await open(page, hub.url, `/activity/${activity.id}`)
      await page.waitForFunction((s) => document.querySelector("section[aria-labelledby=reg-title] p.status")?.textContent.trim() === s,
        t.registration_status_going, { timeout: 15000 })
      assert.deepEqual(await axeViolations(page), [], "going: axe")
      await context.close()
    })
  })
}
