// The moderation queue (issue 10, item 1), in two browser contexts: a
// family proposes in Arabic; staff (Italian, desktop) find it in the queue,
// preview it in Arabic as families will see it, and ask for changes with a
// template reason and a note; the family reads the template in Arabic with
// the note, edits and resubmits; staff (Arabic, 360 px) approve; the
// activity is on the public calendar. Then the family changes the published
// activity and staff see the change field by field. axe-clean and no
// sideways scroll on /staff/moderation in Italian (desktop) and Arabic
// (360 px).

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, signedIn, noSidewaysScroll, until } from "./harness.mjs"

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

/** Polls the hub (as the superuser) until check(activity) holds. */
async function onHub(id, check, what) {
  let a = null
  return until(() => `${what}: ${JSON.stringify(a)}`, async () => {
    a = (await api(hub, "GET", `/api/collections/activities/records/${id}`, null, superuser)).body
    return a && check(a) && a
  }, { timeout: 20000 })
}

/** Staff open an item of the queue once the sync feed has brought it. */
async function openItem(page, id) {
  await open(page, hub.url, "/staff/moderation")
  await page.locator(`.moderation-queue li[data-id="${id}"] a`).waitFor({ timeout: 20000 })
  await page.locator(`.moderation-queue li[data-id="${id}"] a`).click()
  await rendered(page, `/staff/moderation/${id}`)
}

describe("the moderation queue", () => {
  it("a family proposes in Arabic, staff ask for changes with a template, the family reads it in Arabic and resubmits, staff approve", async () => {
    const it_ = messages("it")
    const ar = messages("ar")
    const made = await api(hub, "POST", "/api/collections/users/records", {
      email: `moderazione-${Date.now()}@hug.test`, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1",
      name: "أم سارة", role: "family", privacy_accepted: true, languages: ["ar"],
    }, superuser)
    assert.equal(made.status, 200, JSON.stringify(made.body))
    const familyAuth = (await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)).body

    // The family proposes, in Arabic, on a phone.
    const familyContext = await phone(browser, "ar")
    const family = await signedIn(hub, familyContext, familyAuth, "/propose")
    const title = "لقاء الأمهات في الحديقة"
    const day = new Date(Date.now() + 12 * 86400000).toISOString().slice(0, 10)
    const form = family.locator("form.propose")
    await form.locator("input[name=title]").fill(title)
    await form.locator("input[name=summary]").fill("قهوة وحديث للأمهات الجدد")
    await form.locator("input[name=date]").fill(day)
    await form.locator("input[name=start]").fill("16:00")
    await form.locator("input[name=end]").fill("18:00")
    await form.locator("input[name=address]").fill("Parco del Po, Cremona")
    await form.getByRole("button", { name: ar.propose_submit }).click()
    await rendered(family, "/me/proposals")
    const filter = encodeURIComponent(`proposer='${made.body.id}'`)
    let proposal = null
    for (let i = 0; i < 150 && !proposal; i++) {
      proposal = (await api(hub, "GET", `/api/collections/activities/records?filter=${filter}`, null, superuser)).body.items[0]
      if (!proposal) await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(proposal?.status, "pending", "the proposal reached the hub")

    // Staff, in Italian on a desktop: the queue, the preview in Arabic, ask for changes.
    const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "it" })
    const desk = await signedIn(hub, deskContext, staff, "/staff")
    await desk.getByRole("link", { name: it_.staff_moderation_title }).waitFor()
    await openItem(desk, proposal.id)
    await desk.locator("#preview-language").selectOption("ar")
    const preview = desk.locator("article.family-preview")
    await desk.waitForFunction(() => document.querySelector("article.family-preview")?.getAttribute("lang") === "ar")
    assert.equal(await preview.getAttribute("dir"), "rtl")
    assert.ok((await preview.innerText()).includes(title), "the preview shows the Arabic title")
    await desk.locator("#preview-language").selectOption("en")
    await desk.waitForFunction(() => document.querySelector("article.family-preview")?.getAttribute("lang") === "en")
    assert.ok((await preview.locator(".original-note").count()) > 0, "in English the preview says the text is the original, as families see it")
    assert.deepEqual(await axeViolations(desk), [], "an item, desktop, it: axe")
    await noSidewaysScroll(desk, "an item on a desktop")

    await desk.locator("button[data-action=request_changes]").click()
    await desk.locator("#moderation-problem").waitFor()
    assert.equal((await desk.locator("#moderation-problem").innerText()).trim(), it_.staff_moderation_need_reason, "no reason: told, nothing sent")
    await desk.locator("#moderation-template").selectOption("date_or_place")
    await desk.locator("#moderation-reason").fill("Serve l'indirizzo del cancello")
    await desk.locator("button[data-action=request_changes]").click()
    await rendered(desk, "/staff/moderation")
    await desk.locator(".decided-status").waitFor()
    assert.equal(await desk.locator(`.moderation-queue li[data-id="${proposal.id}"]`).count(), 0, "it leaves the queue at once")
    assert.deepEqual(await axeViolations(desk), [], "the queue, desktop, it: axe")
    await onHub(proposal.id, (a) => a.status === "changes_requested" && a.moderation_template === "date_or_place", "changes requested on the hub")

    // The family reads the reason in Arabic, edits and resubmits.
    await open(family, hub.url, "/me/proposals")
    const card = family.locator(`li.proposal[data-id="${proposal.id}"]`)
    await family.waitForFunction((s) => document.querySelector("li.proposal .proposal-state")?.textContent.trim() === s,
      ar.proposal_state_changes_requested, { timeout: 20000 })
    const reason = await card.locator(".reason").innerText()
    assert.ok(reason.includes(ar.moderation_template_date_or_place), `the template in Arabic: ${reason}`)
    assert.ok(reason.includes("Serve l'indirizzo del cancello"), "and the staff's note")
    assert.deepEqual(await axeViolations(family), [], "changes requested, ar: axe")
    await card.getByRole("link", { name: ar.proposal_edit }).click()
    await rendered(family, `/propose/${proposal.id}`)
    await form.locator("input[name=address]").fill("Parco del Po, cancello di via Lungo Po Europa")
    await form.getByRole("button", { name: ar.propose_submit }).click()
    await rendered(family, "/me/proposals")
    await onHub(proposal.id, (a) => a.status === "pending" && JSON.stringify(a.location_note).includes("cancello"), "resubmitted with the edit")

    // Staff, in Arabic on a phone: the queue at 360 px, approve.
    const staffPhone = await phone(browser, "ar")
    const pocket = await signedIn(hub, staffPhone, staff, "/staff/moderation")
    await pocket.locator(`.moderation-queue li[data-id="${proposal.id}"]`).waitFor({ timeout: 20000 })
    assert.deepEqual(await axeViolations(pocket), [], "the queue, 360 px, ar: axe")
    await noSidewaysScroll(pocket, "the queue at 360 px")
    await openItem(pocket, proposal.id)
    assert.deepEqual(await axeViolations(pocket), [], "an item, 360 px, ar: axe")
    await noSidewaysScroll(pocket, "an item at 360 px")
    await pocket.locator("button[data-action=approve]").click()
    await rendered(pocket, "/staff/moderation")
    await onHub(proposal.id, (a) => a.status === "approved", "approved on the hub")

    // Public: a guest reads it, and it is on the calendar.
    assert.equal((await api(hub, "GET", `/api/collections/activities/records/${proposal.id}`)).status, 200, "a guest reads it")
    const guest = await phone(browser, "ar")
    const calendar = await guest.newPage()
    await open(calendar, hub.url, "/calendar")
    await calendar.getByText(title).first().waitFor({ timeout: 20000 })
    await guest.close()

    // The family changes the published activity: staff see what changes, field by field.
    await open(family, hub.url, `/propose/${proposal.id}`)
    await form.locator("input[name=summary]").fill("قهوة وحديث وألعاب للأطفال")
    await form.getByRole("button", { name: ar.propose_submit }).click()
    await rendered(family, "/me/proposals")
    await openItem(pocket, proposal.id)
    const row = pocket.locator('table.diff tr[data-field="summary"]')
    await row.waitFor()
    assert.ok((await row.locator(".diff-before").innerText()).includes("قهوة وحديث للأمهات الجدد"), "the public summary")
    assert.ok((await row.locator(".diff-after").innerText()).includes("قهوة وحديث وألعاب للأطفال"), "the proposed summary")
    assert.deepEqual(await axeViolations(pocket), [], "a change, 360 px, ar: axe")
    await noSidewaysScroll(pocket, "a change at 360 px")
    await pocket.screenshot({ path: "/tmp/moderation-ar.png", fullPage: true })

    // Staff ask for changes to that change: the family reads that they are
    // asked to change it (not that it was refused), with the reason, in Arabic.
    await pocket.locator("#moderation-template").selectOption("details_missing")
    await pocket.locator("button[data-action=request_changes]").click()
    await rendered(pocket, "/staff/moderation")
    await open(family, hub.url, "/me/proposals")
    const revision = card.locator("p.revision")
    await family.waitForFunction((s) => document.querySelector("li.proposal p.revision")?.textContent.includes(s),
      ar.proposal_revision_changes, { timeout: 20000 })
    assert.ok((await revision.innerText()).includes(ar.moderation_template_details_missing), "the template in Arabic")
    assert.deepEqual(await axeViolations(family), [], "a change sent back, ar: axe")
    await desk.screenshot({ path: "/tmp/moderation-it.png", fullPage: true })

    await Promise.all([familyContext.close(), deskContext.close(), staffPhone.close()])
  })

  it("the queue shows the oldest first and filters by kind and by proposer", async () => {
    const it_ = messages("it")
    const recordId = () => Array.from({ length: 15 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("")
    const propose = async (who, kind, title) => {
      const made = await api(hub, "POST", "/api/collections/users/records", {
        email: `coda-${kind}-${Date.now()}@hug.test`, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1",
        name: who, role: "family", privacy_accepted: true, languages: ["it"],
      }, superuser)
      const auth = (await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)).body
      const id = recordId()
      const starts = new Date(Date.now() + 9 * 86400000)
      const res = await api(hub, "POST", "/api/hub/mutations", { mutations: [{ id: crypto.randomUUID(), name: "propose_activity", args: {
        dates: [{ activity: id, starts_at: starts.toISOString(), ends_at: new Date(+starts + 3600000).toISOString() }],
        language: "it", kind, submit: true, title,
      } }] }, auth.token)
      assert.equal(res.body.results?.[0]?.status, "applied", JSON.stringify(res.body))
      return id
    }
    const older = await propose("Famiglia Rossi", "workshop", "Laboratorio di argilla")
    await new Promise((r) => setTimeout(r, 1100)) // a later second: "oldest first" has something to order
    const newer = await propose("Famiglia Bianchi", "meeting", "Incontro tra papà")

    const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "it" })
    const desk = await signedIn(hub, deskContext, staff, "/staff/moderation")
    const ids = async () => desk.locator(".moderation-queue li[data-id]").evaluateAll((lis) => lis.map((li) => li.dataset.id))
    await desk.locator(`.moderation-queue li[data-id="${newer}"]`).waitFor({ timeout: 20000 })
    const all = await ids()
    assert.ok(all.indexOf(older) >= 0 && all.indexOf(older) < all.indexOf(newer), `oldest first: ${all}`)

    const filter = (label) => desk.locator("label.filter", { hasText: label }).locator("select")
    await filter(it_.staff_moderation_filter_kind).selectOption("meeting")
    await desk.waitForFunction((id) => !document.querySelector(`.moderation-queue li[data-id="${id}"]`), older)
    assert.ok((await ids()).includes(newer), "the meeting stays")
    await filter(it_.staff_moderation_filter_kind).selectOption("")
    await filter(it_.staff_moderation_filter_proposer).selectOption({ label: "Famiglia Rossi" })
    await desk.waitForFunction((id) => !document.querySelector(`.moderation-queue li[data-id="${id}"]`), newer)
    assert.deepEqual(await ids(), [older], "only the Rossi family's proposal")
    await deskContext.close()
  })
})
