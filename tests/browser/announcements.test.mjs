// Announcements and groups for staff (issue 10 items 4 and 5): staff post
// to the "0-6 anni" group from /staff/announcements; a member of it (another
// phone) reads it on Home and on the group's page; staff withdraw it and it
// disappears from that phone. /staff/announcements and /staff/groups are
// axe-clean in it and ar at 360 px and scroll only vertically; staff mark a
// group sensitive from its form.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, noSidewaysScroll, until } from "./harness.mjs"

const shots = process.env.HUG_SHOTS || ""

let hub, browser, superuser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  superuser = (await signIn(hub, "admin")).token
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

/** A phone signed in as the seeded account with that e-mail. */
async function signedIn(email, lang) {
  const user = (await api(hub, "GET", `/api/collections/users/records?filter=${encodeURIComponent(`email='${email}'`)}`, null, superuser)).body.items[0]
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${user.id}`, { duration: 3600 }, superuser)
  const context = await phone(browser, lang)
  const page = await context.newPage()
  await open(page, hub.url, "/")
  await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: auth.body.token, record: auth.body.record }))
  return { context, page }
}

async function usable(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: axe at 360 px`)
  await noSidewaysScroll(page, what)
}

describe("announcements", () => {
  it("staff post to 0-6 anni, a member reads it on Home and the group page, staff withdraw it and it is gone", async () => {
    const t = messages("it")
    const group = (await api(hub, "GET", `/api/collections/groups/records?filter=${encodeURIComponent("slug='0-6-anni'")}`)).body.items[0]
    const staff = await signedIn("staff@hug.test", "it")
    await open(staff.page, hub.url, "/staff")
    await staff.page.locator('a[href="/staff/announcements"]').click()
    await rendered(staff.page, "/staff/announcements")
    await usable(staff.page, "announcements (it)")
    const title = `Nido chiuso venerdì ${Date.now()}`
    const form = staff.page.locator("form.announcement-form")
    await form.locator("input[name=title_it]").fill(title)
    await form.locator("textarea[name=body_it]").fill("Il nido resta chiuso per la disinfestazione.")
    await form.locator("select[name=group]").selectOption(group.id)
    await form.locator("input[name=urgent]").check()
    await form.locator("button[type=submit]").click()
    const row = staff.page.locator(".announcement-row", { hasText: title })
    await row.waitFor()
    let posted
    for (let i = 0; i < 100 && !posted; i++) {
      posted = (await api(hub, "GET", `/api/collections/announcements/records?filter=${encodeURIComponent(`title.it='${title}'`)}`, null, superuser)).body.items[0]
      if (!posted) await new Promise((r) => setTimeout(r, 200))
    }
    assert.ok(posted, "the announcement reached the hub")
    assert.equal(posted.group, group.id)
    assert.equal(posted.urgent, true)
    if (shots) await staff.page.screenshot({ path: join(shots, "announcements-it.png"), fullPage: true })

    const family = await signedIn("famiglia@hug.test", "it")
    await open(family.page, hub.url, "/")
    await family.page.locator(".announcement", { hasText: title }).waitFor({ timeout: 20000 })
    await open(family.page, hub.url, `/groups/${group.id}`)
    await family.page.locator(".announcement", { hasText: title }).waitFor({ timeout: 20000 })
    assert.equal(await family.page.locator(".announcement", { hasText: title }).locator(".badge", { hasText: t.announcement_urgent }).count(), 1)

    // Staff see how it went: the members' inboxes hold it (the hub's count).
    await row.locator(".delivery summary").click()
    const inboxes = row.locator('[data-delivery="inboxes"]')
    await inboxes.waitFor()
    const delivered = (await api(hub, "GET", `/api/hub/staff/announcements/${posted.id}/delivery`, null, superuser)).body
    assert.ok(delivered.inboxes >= 1, `the members' inboxes: ${JSON.stringify(delivered)}`)
    assert.equal(Number((await inboxes.innerText()).replace(/\D/g, "")), delivered.inboxes, "the screen shows the hub's count")

    await row.locator("button", { hasText: t.staff_announcement_withdraw }).click()
    await staff.page.locator(".announcement-row", { hasText: title }).locator(".badge", { hasText: t.staff_announcement_withdrawn }).waitFor()
    await family.page.waitForFunction((title) => ![...document.querySelectorAll(".announcement")].some((e) => e.textContent.includes(title)), title, { timeout: 20000 })
    await open(family.page, hub.url, "/")
    assert.equal(await family.page.locator(".announcement", { hasText: title }).count(), 0, "gone from Home")
    await family.context.close()
    await staff.context.close()
  })

  for (const lang of ["it", "ar"]) {
    it(`the staff screens are usable at 360 px in ${lang}`, async () => {
      const staff = await signedIn("staff@hug.test", lang)
      for (const path of ["/staff/announcements", "/staff/groups"]) {
        await open(staff.page, hub.url, path)
        if (path === "/staff/announcements") {
          await staff.page.locator(".announcement-row .delivery summary").first().click()
          await staff.page.locator(".announcement-row .delivery-figures").first().waitFor()
        }
        await usable(staff.page, `${path} (${lang})`)
        if (path === "/staff/groups") {
          await staff.page.locator(".group-row button", { hasText: messages(lang).staff_group_edit }).first().click()
          await staff.page.locator("form.group-form").waitFor()
          await usable(staff.page, `group form (${lang})`)
        }
        if (shots) await staff.page.screenshot({ path: join(shots, `${path.split("/").pop()}-${lang}.png`), fullPage: true })
      }
      if (lang === "it") {
        // The form left open: staff mark the group sensitive, and the hub has it.
        const id = await staff.page.locator(".group-row:has(form.group-form)").getAttribute("data-group")
        await staff.page.locator("form.group-form").getByLabel(messages(lang).staff_group_sensitive).check()
        await staff.page.locator("form.group-form button[type=submit]").click()
        await until("the group sensitive on the hub", async () => (await api(hub, "GET", `/api/collections/groups/records/${id}`, null, superuser)).body.sensitive === true)
        // The list says so on the group's card.
        await staff.page.locator(`.group-row[data-group="${id}"] .badge`, { hasText: messages(lang).staff_group_sensitive }).waitFor()
      }
      await staff.context.close()
    })
  }
})
