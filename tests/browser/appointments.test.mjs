// Appointment requests and groups through the app (issue 9, items 3 and 4):
// from Home a family asks for a listening appointment (topic, days, part of
// the day, a message, a phone); staff propose a date and place (a staff
// PATCH: the same internal/appointments.Move as the staff console's
// Propose); the phone is poked, shows the proposed date in My space, and
// the family confirms it there. A family joins the "0-6 anni" group and
// sees it in My space as active. 360x640, in Italian and Arabic, axe-clean
// on each screen it passes, no sideways scrolling.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn } from "./harness.mjs"

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
  const email = `ascolto-${tag}-${lang}-${Date.now()}@hug.test`
  const made = await api(hub, "POST", "/api/collections/users/records", {
    email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name: `Ascolto ${tag}`, role: "family", privacy_accepted: true, languages: [lang],
  }, superuser)
  assert.equal(made.status, 200, JSON.stringify(made.body))
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)
  return { token: auth.body.token, record: auth.body.record }
}

async function signedInPhone(lang, me) {
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: me.token, record: me.record }))
  await open(page, hub.url, "/")
  return { context, page }
}

async function fitsThePhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `${what}: ${width} px wide on a 360 px phone`)
}

/** The server's copy of a record (as the superuser). */
async function server(collection, filter) {
  return (await api(hub, "GET", `/api/collections/${collection}/records?filter=${encodeURIComponent(filter)}`, null, superuser)).body.items
}

for (const lang of ["it", "ar"]) {
  describe(`appointments and groups in ${lang}`, () => {
    it("a family asks for an appointment, staff propose a date, the family sees it and confirms", async () => {
      const t = messages(lang)
      const me = await family(lang, "richiesta")
      const { context, page } = await signedInPhone(lang, me)
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === "ar" ? "rtl" : "ltr")

      // Where a family would look: Home.
      await page.getByRole("link", { name: t.appointment_ask }).click()
      await rendered(page, "/appointment")
      assert.deepEqual(await axeViolations(page), [], "the form: axe")
      await fitsThePhone(page, "the form")
      await page.getByRole("radio", { name: t.appointment_topic_parenting_consultation }).check()
      await page.locator("input[name=preferred_days][value='2']").check()
      await page.getByRole("checkbox", { name: t.day_part_morning }).check()
      const message = "<b>Mio figlio</b> non dorme"
      await page.locator("textarea[name=message]").fill(message)
      await page.getByRole("radio", { name: t.appointment_contact_phone }).check()
      await page.locator("input[name=contact_phone]").fill("333 1234567")
      await page.getByRole("button", { name: t.appointment_send }).click()
      await rendered(page, "/me")

      // Sent: the card leaves "waiting to send", the hub has it as new.
      const card = page.locator("li.appointment")
      await page.waitForFunction((s) => {
        const c = document.querySelector("li.appointment")
        return c && c.textContent.includes(s) && !c.querySelector(".badge-pending")
      }, t.appointment_status_new, { timeout: 15000 })
      assert.ok((await card.textContent()).includes(message), "the message is shown as written, as text")
      assert.equal(await card.locator("b").count(), 0, "no HTML from the message")
      const [stored] = await server("appointment_requests", `user='${me.record.id}'`)
      assert.equal(stored.status, "new")
      assert.equal(stored.topic, "parenting_consultation")
      assert.deepEqual(stored.preferred_days, ["2"])
      assert.deepEqual(stored.preferred_parts, ["morning"])
      assert.equal(stored.contact_phone, "333 1234567")
      assert.equal(stored.language, lang)

      // Staff propose a date and a place.
      const place = (await server("places", "slug='hug-sede-principale'"))[0]
      const at = new Date(Date.now() + 7 * 86400000)
      at.setUTCHours(10, 0, 0, 0)
      const proposed = await api(hub, "PATCH", `/api/collections/appointment_requests/records/${stored.id}`,
        { status: "proposed", proposed_at: at.toISOString(), proposed_place: place.id, staff_reply: "Citofono Hug" }, staff)
      assert.equal(proposed.status, 200, JSON.stringify(proposed.body))

      // The phone is poked and shows the proposal; the family confirms it.
      const confirm = card.getByRole("button", { name: t.appointment_confirm })
      await confirm.waitFor({ timeout: 15000 })
      const text = await card.textContent()
      assert.ok(text.includes(t.appointment_proposed_for) && text.includes("Citofono Hug"), text)
      assert.deepEqual(await axeViolations(page), [], "the proposal in My space: axe")
      await fitsThePhone(page, "My space")
      await confirm.click()
      await page.waitForFunction((s) => {
        const c = document.querySelector("li.appointment")
        return c && c.textContent.includes(s) && !c.querySelector(".badge-pending")
      }, t.appointment_status_confirmed, { timeout: 15000 })
      assert.equal((await server("appointment_requests", `id='${stored.id}'`))[0].status, "confirmed")
      assert.ok((await card.textContent()).includes(t.appointment_confirmed_for))
      assert.deepEqual(await axeViolations(page), [], "confirmed: axe")
      await context.close()
    })

    it("a family joins the 0-6 group and sees it in My space", async () => {
      const t = messages(lang)
      const me = await family(lang, "gruppo")
      const { context, page } = await signedInPhone(lang, me)
      const group = (await server("groups", "slug='0-6-anni'"))[0]
      await open(page, hub.url, `/groups/${group.id}`)
      assert.deepEqual(await axeViolations(page), [], "the group: axe")
      await fitsThePhone(page, "the group")
      await page.getByRole("button", { name: t.group_join }).click()
      await page.getByRole("button", { name: t.group_leave }).waitFor({ timeout: 15000 })
      await page.waitForFunction(async () => !document.querySelector(".badge-pending"), null, { timeout: 15000 })
      assert.equal((await server("memberships", `user='${me.record.id}'`))[0]?.status, "active")
      await open(page, hub.url, "/me")
      const mine = page.locator("section[aria-labelledby=me-groups] li")
      assert.equal(await mine.count(), 1)
      const text = await mine.textContent()
      assert.ok(text.includes(t.membership_active), text)
      assert.ok(text.includes(group.name[lang] || group.name.it), text)
      assert.deepEqual(await axeViolations(page), [], "My space: axe")
      await context.close()
    })
  })
}
