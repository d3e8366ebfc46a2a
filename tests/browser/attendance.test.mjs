// Attendance at the door and the funding body's figures, in the browser
// (issue 10, items 6 and 7). Staff open an activity's check-in list on a
// 360 px phone, lose the signal, mark a family as come; the mark waits in
// the outbox, survives a reload, and reaches the hub exactly once when the
// network is back (one attendance record, never rewritten). The figures
// page draws its charts with their tables. it and ar, axe clean, no
// sideways scrolling at 360 px or on a desktop.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, noSidewaysScroll, network } from "./harness.mjs"

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

// The hub's API in Italian (Accept-Language: it), as these tests always spoke to it.
const inItalian = { lang: "it" }

let made = 0
/** An activity with three families registered: two going, one waitlisted (capacity 4). */
async function door(lang) {
  const day = new Date(Date.now() + (5 + made++) * 86400000)
  day.setUTCHours(16, 0, 0, 0)
  const act = await api(hub, "POST", "/api/collections/activities/records", {
    title: { it: `Spazio gioco ${lang} ${Date.now()}` }, kind: "play", status: "approved",
    starts_at: day.toISOString(), ends_at: new Date(day.getTime() + 3600000).toISOString(), registration_required: true, capacity: 4,
  }, staff.token, inItalian)
  assert.equal(act.status, 200, JSON.stringify(act.body))
  const families = []
  for (const [name, adults, children] of [["Amina Benali", 1, 1], ["فاطمة الزهراء", 1, 1], ["=Ioana Pop", 2, 1]]) {
    const email = `att-${lang}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@hug.test`
    const user = await api(hub, "POST", "/api/collections/users/records",
      { email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name, role: "family", privacy_accepted: true }, superuser, inItalian)
    assert.equal(user.status, 200, JSON.stringify(user.body))
    const auth = await api(hub, "POST", `/api/collections/users/impersonate/${user.body.id}`, { duration: 600 }, superuser, inItalian)
    const reg = await api(hub, "POST", "/api/collections/registrations/records",
      { activity: act.body.id, user: user.body.id, adults, children, status: "going" }, auth.body.token, inItalian)
    assert.equal(reg.status, 200, JSON.stringify(reg.body))
    families.push({ name, reg: reg.body })
  }
  assert.equal(families[2].reg.status, "waitlisted")
  return { activity: act.body, families }
}

async function staffPhone(lang, viewport) {
  const context = viewport ? await browser.newContext({ viewport, locale: lang }) : await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: staff.token, record: staff.record }))
  return { context, page }
}

async function waitPending(page, n, timeout = 20000) {
  await page.waitForFunction((n) => Number(document.querySelector(".banner-pending")?.getAttribute("data-pending") || 0) === n, n, { timeout })
}

const attendanceOf = async (activity) =>
  (await api(hub, "GET", `/api/collections/attendance/records?filter=${encodeURIComponent(`activity='${activity}'`)}`, null, superuser, inItalian)).body.items

for (const lang of ["it", "ar"]) {
  describe(`attendance in ${lang}`, () => {
    it("staff mark a family offline at the door; online, the mark reaches the hub once", async () => {
      const t = messages(lang)
      const { activity, families } = await door(lang)
      const { context, page } = await staffPhone(lang)
      const path = `/staff/attendance/${activity.id}`
      await open(page, hub.url, `/activity/${activity.id}`)
      await page.getByRole("link", { name: t.activity_attendance_link }).click()
      await rendered(page, path)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000 })
      for (const f of families) await page.locator(`[data-registration="${f.reg.id}"]`).waitFor({ timeout: 15000 })
      assert.equal(await page.locator("#att-waitlisted ~ ul [data-registration]").count(), 1, "the waitlisted family under its heading")
      assert.deepEqual(await axeViolations(page), [], "check-in list: axe")
      await noSidewaysScroll(page, "check-in list at 360 px")

      await network(context, false)
      await page.reload()
      await rendered(page, path)
      const row = page.locator(`[data-registration="${families[0].reg.id}"]`)
      await row.waitFor()
      await row.getByRole("checkbox").check()
      await waitPending(page, 1)
      await row.getByText(t.sync_waiting).waitFor()
      assert.deepEqual(await axeViolations(page), [], "check-in list offline, waiting: axe")
      await page.reload() // still offline: the mark is kept
      await rendered(page, path)
      assert.ok(await page.locator(`[data-registration="${families[0].reg.id}"] input[type=checkbox]`).isChecked(), "the mark survives a reload")
      assert.equal((await attendanceOf(activity.id)).length, 0, "nothing reached the hub offline")

      await network(context, true)
      await waitPending(page, 0)
      await page.reload() // a reload after: nothing is sent again
      await rendered(page, path)
      await page.waitForTimeout(1500)
      const marks = await attendanceOf(activity.id)
      assert.equal(marks.length, 1, JSON.stringify(marks))
      assert.equal(marks[0].id, families[0].reg.id)
      assert.equal(marks[0].present, true)
      assert.deepEqual([marks[0].adults, marks[0].children], [1, 1])
      assert.equal(marks[0].marked_by, staff.record.id)
      assert.equal(marks[0].updated, marks[0].created, "written once, never again")
      assert.ok(await page.locator(`[data-registration="${families[0].reg.id}"] input[type=checkbox]`).isChecked())

      const csv = await api(hub, "GET", `/api/hub/staff/attendance/${activity.id}.csv`, null, staff.token, inItalian)
      assert.equal(csv.status, 200)
      assert.match(csv.body, /'=Ioana Pop/, "the formula-like name is neutralised")
      await context.close()
    })

    it("the check-in list on a desktop", async () => {
      const { activity } = await door(lang)
      const { context, page } = await staffPhone(lang, { width: 1280, height: 800 })
      await open(page, hub.url, `/activity/${activity.id}`)
      await open(page, hub.url, `/staff/attendance/${activity.id}`)
      await page.locator("[data-registration]").first().waitFor({ timeout: 15000 })
      await noSidewaysScroll(page, "check-in list on a desktop")
      await context.close()
    })

    it("figures: charts with their tables, axe clean at 360 px", async () => {
      const t = messages(lang)
      const { context, page } = await staffPhone(lang)
      await open(page, hub.url, "/menu")
      await page.getByRole("link", { name: t.nav_staff_desk }).click()
      await rendered(page, "/staff")
      await page.getByRole("link", { name: t.figures_title }).click()
      await rendered(page, "/staff/figures")
      await page.getByRole("button", { name: t.figures_show }).click()
      await page.locator("table.figures-table").first().waitFor({ timeout: 15000 })
      assert.ok(await page.locator(".figures-chart svg rect").count() > 0, "bars drawn")
      assert.equal(await page.locator("section.figures-section").count(), await page.locator("table.figures-table").count(), "each chart has its table")
      assert.deepEqual(await axeViolations(page), [], "figures: axe")
      await noSidewaysScroll(page, "figures at 360 px")
      // A period that ends before it starts: refused in the page's language.
      await page.locator("input[name=from]").fill("2026-03-01")
      await page.locator("input[name=to]").fill("2026-02-01")
      await page.getByRole("button", { name: t.figures_show }).click()
      await page.getByRole("alert").filter({ hasText: t.figures_period_reversed }).waitFor()
      await context.close()
    })
  })
}

describe("not staff", () => {
  it("a family opening the screens is told they are for staff", async () => {
    const { activity } = await door("it")
    const context = await phone(browser, "it")
    const page = await context.newPage()
    await open(page, hub.url, `/staff/attendance/${activity.id}`)
    await page.getByText(messages("it").staff_only_screen).waitFor()
    await open(page, hub.url, "/staff/figures")
    await page.getByText(messages("it").staff_only_screen).waitFor()
    await context.close()
  })
})
