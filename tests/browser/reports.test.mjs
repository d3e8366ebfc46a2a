// Reports (issue 10, item 3) and the audit log viewer (item 2), in two
// browser contexts: a family, in Arabic on a phone, reports an activity from
// its screen (the form gives way to "you reported it"); staff find the
// report on /staff/reports through the sync feed (Italian, desktop), and
// dismiss it from a phone in Arabic at 360 px; /staff/audit shows the
// dismissal's line. axe-clean and no sideways scroll on both staff screens
// in it and ar; screenshots in /tmp/reports-*.png.

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

/** Polls the hub (as the superuser) until the activity's reports satisfy check. */
async function reportsOnHub(activity, check, what) {
  let items = []
  return until(() => `${what}: ${JSON.stringify(items)}`, async () => {
    items = (await api(hub, "GET", `/api/collections/reports/records?filter=${encodeURIComponent(`activity='${activity}'`)}`, null, superuser)).body.items
    return check(items) && items
  }, { timeout: 20000 })
}

describe("reports and the audit log", () => {
  it("a family reports in Arabic, staff see it and dismiss it, the audit log shows the dismissal", async () => {
    const it_ = messages("it")
    const ar = messages("ar")
    const made = await api(hub, "POST", "/api/collections/users/records", {
      email: `segnala-${Date.now()}@hug.test`, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1",
      name: "أم يوسف", role: "family", privacy_accepted: true, languages: ["ar"],
    }, superuser)
    assert.equal(made.status, 200, JSON.stringify(made.body))
    const familyAuth = (await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)).body
    const upcoming = encodeURIComponent(`status='approved' && starts_at > @now`)
    const activity = (await api(hub, "GET", `/api/collections/activities/records?filter=${upcoming}&sort=starts_at&perPage=1`, null, superuser)).body.items[0]
    assert.ok(activity, "a published activity to report")

    // The family reports it from its screen, in Arabic on a phone.
    const familyContext = await phone(browser, "ar")
    const family = await signedIn(hub, familyContext, familyAuth, `/activity/${activity.id}`)
    const details = family.locator("details.report-activity")
    await details.locator("summary").click()
    await details.locator("select[name=reason]").selectOption("misleading")
    await details.locator("textarea[name=text]").fill("التاريخ المكتوب غير صحيح")
    assert.deepEqual(await axeViolations(family), [], "the report form, ar: axe")
    await noSidewaysScroll(family, "the report form at 360 px")
    await family.screenshot({ path: "/tmp/reports-form-ar.png", fullPage: true })
    await details.getByRole("button", { name: ar.report_send }).click()
    await family.locator(".report-sent").waitFor()
    assert.equal((await family.locator(".report-sent").innerText()).trim(), ar.report_sent, "the form gives way to 'you reported it'")
    assert.equal(await family.locator("details.report-activity").count(), 0, "no form any more")
    await reportsOnHub(activity.id, (items) => items.some((r) => r.reporter === made.body.id && r.status === "open"), "the report reached the hub")

    // Staff, in Italian on a desktop: the report came with the sync feed.
    const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "it" })
    const desk = await signedIn(hub, deskContext, staff, "/staff")
    await desk.getByRole("link", { name: it_.staff_reports_title }).click()
    await rendered(desk, "/staff/reports")
    const deskCard = desk.locator(`li.report-card[data-activity="${activity.id}"]`)
    await deskCard.waitFor({ timeout: 20000 })
    const shown = await deskCard.innerText()
    assert.ok(shown.includes(it_.report_reason_misleading) && shown.includes("التاريخ المكتوب غير صحيح"), `reason and text: ${shown}`)
    assert.ok(!shown.includes("أم يوسف"), "the reporter stays anonymous")
    assert.deepEqual(await axeViolations(desk), [], "/staff/reports, desktop, it: axe")
    await noSidewaysScroll(desk, "/staff/reports on a desktop")
    await desk.screenshot({ path: "/tmp/reports-staff-it.png", fullPage: true })

    // Staff, in Arabic at 360 px: acting needs a reason; dismiss.
    const pocketContext = await phone(browser, "ar")
    const pocket = await signedIn(hub, pocketContext, staff, "/staff/reports")
    const card = pocket.locator(`li.report-card[data-activity="${activity.id}"]`)
    await card.waitFor({ timeout: 20000 })
    await card.locator("button[data-action=reject]").click()
    assert.equal((await card.locator(".field-error").innerText()).trim(), ar.report_decision_reason_required, "no reason: told, nothing sent")
    assert.deepEqual(await axeViolations(pocket), [], "/staff/reports, 360 px, ar: axe")
    await noSidewaysScroll(pocket, "/staff/reports at 360 px")
    await pocket.screenshot({ path: "/tmp/reports-staff-ar.png", fullPage: true })
    await card.locator("button[data-action=dismiss]").click()
    await pocket.locator(`li.report-card[data-activity="${activity.id}"]`).waitFor({ state: "detached" })
    await reportsOnHub(activity.id, (items) => items.length > 0 && items.every((r) => r.status === "dismissed"), "dismissed on the hub")

    // The audit log: the dismissal's line, filtered by action, in it and ar.
    await open(desk, hub.url, "/staff/audit?action=dismiss_reports")
    const deskLine = desk.locator(".audit-line[data-action=dismiss_reports]").first()
    await deskLine.waitFor({ timeout: 10000 })
    const line = await deskLine.innerText()
    assert.ok(line.includes(it_.audit_action_dismiss_reports) && line.includes(activity.title.it) && line.includes(it_.audit_state_visible), `the dismissal's line: ${line}`)
    assert.ok(line.includes(staff.record.name), "who dismissed")
    assert.equal(await desk.locator("select[name=action]").inputValue(), "dismiss_reports", "the filter shows what it filters")
    assert.match(await desk.locator("a.audit-csv").getAttribute("href"), /audit\.csv\?action=dismiss_reports$/, "the CSV has the same filters")
    assert.deepEqual(await axeViolations(desk), [], "/staff/audit, desktop, it: axe")
    await noSidewaysScroll(desk, "/staff/audit on a desktop")
    await desk.screenshot({ path: "/tmp/reports-audit-it.png", fullPage: true })

    await open(pocket, hub.url, "/staff/audit")
    await pocket.locator(".audit-line[data-action=dismiss_reports]").first().waitFor({ timeout: 10000 })
    const arLine = await pocket.locator(".audit-line[data-action=dismiss_reports]").first().innerText()
    assert.ok(arLine.includes(ar.audit_action_dismiss_reports) && arLine.includes(ar.audit_state_visible), `the hub's words in Arabic: ${arLine}`)
    assert.deepEqual(await axeViolations(pocket), [], "/staff/audit, 360 px, ar: axe")
    await noSidewaysScroll(pocket, "/staff/audit at 360 px")
    await pocket.screenshot({ path: "/tmp/reports-audit-ar.png", fullPage: true })

    await Promise.all([familyContext.close(), deskContext.close(), pocketContext.close()])
  })

  it("an activity hidden after reports is marked as such for staff, and is off a guest's calendar", async () => {
    const uk = messages("uk")
    const upcoming = encodeURIComponent(`status='approved' && starts_at > @now && hidden = false`)
    const activity = (await api(hub, "GET", `/api/collections/activities/records?filter=${upcoming}&sort=-starts_at&perPage=1`, null, superuser)).body.items[0]
    // Three families report it: the hub hides it (internal/reports).
    for (let i = 0; i < 3; i++) {
      const made = await api(hub, "POST", "/api/collections/users/records", {
        email: `nasconde-${i}-${Date.now()}@hug.test`, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1",
        name: `Famiglia ${i}`, role: "family", privacy_accepted: true, languages: ["it"],
      }, superuser)
      const auth = (await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)).body
      const sent = await api(hub, "POST", "/api/collections/reports/records", { activity: activity.id, reporter: made.body.id, reason: "misleading" }, auth.token)
      assert.equal(sent.status, 200, JSON.stringify(sent.body))
    }
    assert.equal((await api(hub, "GET", `/api/collections/activities/records/${activity.id}`, null, superuser)).body.hidden, true, "hidden on the hub")
    const pocketContext = await phone(browser, "uk")
    const pocket = await signedIn(hub, pocketContext, staff, "/calendar")
    const card = pocket.locator(`li.activity-card:has(a[href="/activity/${activity.id}"])`)
    await card.locator(".badge", { hasText: uk.activity_hidden }).waitFor({ timeout: 20000 })
    await card.locator("a").click()
    await rendered(pocket, `/activity/${activity.id}`)
    assert.equal((await pocket.locator(".activity-hidden").innerText()).trim(), uk.activity_hidden_text)
    assert.deepEqual(await axeViolations(pocket), [], "a hidden activity, staff, uk: axe")
    await noSidewaysScroll(pocket, "a hidden activity at 360 px")
    await pocket.screenshot({ path: "/tmp/reports-hidden-uk.png", fullPage: true })
    await pocketContext.close()

    const guestContext = await phone(browser, "uk")
    const guest = await guestContext.newPage()
    await open(guest, hub.url, "/calendar")
    await guest.locator("li.activity-card").first().waitFor({ timeout: 20000 })
    assert.equal(await guest.locator(`a[href="/activity/${activity.id}"]`).count(), 0, "a guest's calendar does not list it")
    await guestContext.close()
  })
})
