// The appointment queue (issue 10, item 8), in two contexts: a family asks
// for an appointment from its phone; staff, on another 360 px phone, find
// it at the top of /staff/appointments (reached from the desk), propose a
// date and a place with a note; the family's phone shows the proposal.
// Then staff, in Arabic and offline, mark it done: it waits in the outbox
// and reaches the hub when the signal is back. axe clean in it and ar, no
// sideways scrolling at 360 px.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, noSidewaysScroll, until, network } from "./harness.mjs"

let hub, browser, staff, superuser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  staff = await signIn(hub, "staff")
  superuser = (await signIn(hub, "admin")).token
  assert.ok(staff?.token && superuser, "demo staff and superuser sign in")
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

/** A phone signed in as someone (their auth answer). */
async function signedIn(lang, auth) {
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.token, record: auth.record }))
  await open(page, hub.url, "/")
  return { context, page }
}

async function waitPending(page, n) {
  await page.waitForFunction((n) => Number(document.querySelector(".banner-pending")?.getAttribute("data-pending") || 0) === n, n, { timeout: 20000 })
}

const stored = async (id) => (await api(hub, "GET", `/api/collections/appointment_requests/records/${id}`, null, superuser)).body

/** Waits until the hub holds the request in that status (the outbox sends in the background). */
async function reaches(page, id, status) {
  await until(async () => `the hub never had ${status}; the screen says: ${await page.locator("main").textContent()}`,
    async () => (await stored(id)).status === status, { timeout: 20000, every: 200 })
}

describe("the appointment queue", () => {
  it("a family asks, staff propose from the queue, the family sees it; staff close it offline in Arabic", async () => {
    const it_ = messages("it")
    const email = `coda-${Date.now()}@hug.test`
    const made = await api(hub, "POST", "/api/collections/users/records", {
      email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name: "Famiglia Coda", role: "family", privacy_accepted: true, languages: ["it"],
    }, superuser)
    assert.equal(made.status, 200, JSON.stringify(made.body))
    const famAuth = (await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)).body

    // An older request of theirs, sent earlier from another phone: first in the queue.
    const older = await api(hub, "POST", "/api/collections/appointment_requests/records", {
      user: made.body.id, topic: "information", contact_method: "phone", contact_phone: "333 7654321",
    }, famAuth.token)
    assert.equal(older.status, 200, JSON.stringify(older.body))

    // Context 1: the family asks.
    const fam = await signedIn("it", famAuth)
    await open(fam.page, hub.url, "/appointment")
    await fam.page.getByRole("radio", { name: it_.appointment_topic_listening }).check()
    await fam.page.getByRole("checkbox", { name: it_.day_part_afternoon }).check()
    await fam.page.locator("textarea[name=message]").fill("Vorremmo parlare del rientro a scuola")
    await fam.page.getByRole("radio", { name: it_.appointment_contact_phone }).check()
    await fam.page.locator("input[name=contact_phone]").fill("333 7654321")
    await fam.page.getByRole("button", { name: it_.appointment_send }).click()
    await rendered(fam.page, "/me")
    await waitPending(fam.page, 0)
    const [request] = (await api(hub, "GET", `/api/collections/appointment_requests/records?filter=${encodeURIComponent(`user='${made.body.id}' && topic='listening'`)}`, null, superuser)).body.items
    assert.equal(request?.status, "new")

    // Context 2: staff find it in the queue, from the desk.
    const desk = await signedIn("it", staff)
    await open(desk.page, hub.url, "/staff")
    await desk.page.getByRole("link", { name: it_.staff_appointments_title }).click()
    await rendered(desk.page, "/staff/appointments")
    const card = desk.page.locator(`li[data-id="${request.id}"]`)
    await card.waitFor({ timeout: 15000 })
    const text = await card.textContent()
    for (const shown of ["Famiglia Coda", "333 7654321", "Vorremmo parlare del rientro a scuola", it_.appointment_topic_listening, it_.day_part_afternoon]) {
      assert.ok(text.includes(shown), `the card shows ${shown}: ${text}`)
    }
    assert.ok(!text.includes("{"), `no message placeholder left: ${text}`)
    const newOnes = await desk.page.locator("#queue-new ~ ul > li").evaluateAll((lis) => lis.map((li) => li.dataset.id))
    assert.ok(newOnes.indexOf(older.body.id) >= 0 && newOnes.indexOf(older.body.id) < newOnes.indexOf(request.id), `new requests, oldest first: ${newOnes}`)
    assert.deepEqual(await axeViolations(desk.page), [], "the queue in it: axe")
    await noSidewaysScroll(desk.page, "the queue in it at 360 px")

    const day = new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10)
    await card.locator("input[name=day]").fill(day)
    await card.locator("input[name=time]").fill("11:30")
    await card.getByLabel(it_.staff_appointments_note).fill("Suonate al citofono Hug")
    await card.getByRole("button", { name: it_.staff_appointments_send }).click()
    await reaches(desk.page, request.id, "proposed")
    const proposed = await stored(request.id)
    assert.equal(proposed.status, "proposed", JSON.stringify(proposed))
    assert.equal(proposed.staff_reply, "Suonate al citofono Hug")
    assert.ok(proposed.proposed_place, "a place")
    await desk.page.locator("#queue-proposed ~ ul").locator(`li[data-id="${request.id}"]`).waitFor({ timeout: 15000 })

    // Context 1 again: the family sees the proposal (poked, pulled).
    const famCard = fam.page.locator(`li.appointment[data-id="${request.id}"]`)
    await famCard.getByRole("button", { name: it_.appointment_confirm }).waitFor({ timeout: 15000 })
    assert.ok((await famCard.textContent()).includes("Suonate al citofono Hug"))
    await fam.context.close()
    await desk.context.close()

    // Staff in Arabic: the queue is axe clean; offline, "mark as done" waits, then lands.
    const ar = messages("ar")
    const arDesk = await signedIn("ar", staff)
    await open(arDesk.page, hub.url, "/staff/appointments")
    const arCard = arDesk.page.locator(`li[data-id="${request.id}"]`)
    await arCard.waitFor({ timeout: 15000 })
    assert.equal(await arDesk.page.evaluate(() => document.documentElement.dir), "rtl")
    assert.deepEqual(await axeViolations(arDesk.page), [], "the queue in ar: axe")
    await noSidewaysScroll(arDesk.page, "the queue in ar at 360 px")
    await network(arDesk.context, false)
    await arCard.getByRole("button", { name: ar.staff_appointments_done }).click()
    await waitPending(arDesk.page, 1)
    await arCard.waitFor({ state: "detached", timeout: 15000 }) // done: out of the queue at once
    assert.equal((await stored(request.id)).status, "proposed", "nothing reached the hub offline")
    await network(arDesk.context, true)
    await reaches(arDesk.page, request.id, "done")
    await arDesk.context.close()
  })
})
