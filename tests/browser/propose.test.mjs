// Proposing an activity from the phone (issue 9, item 1): a family writes
// a proposal in its own language while offline; it shows at once in My
// proposals as waiting to send; back online it reaches the hub (stored
// under that language, its original language recorded, pending); the
// staff ask for changes and the family sees the state and the reason.
// Text with HTML in it shows as text. 360x640, Italian and Arabic,
// axe-clean on each screen it passes.

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

async function family(lang) {
  const email = `proposta-${lang}-${Date.now()}@hug.test`
  const made = await api(hub, "POST", "/api/collections/users/records", {
    email, password: "password-di-prova-1", passwordConfirm: "password-di-prova-1", name: `Proposta ${lang}`, role: "family", privacy_accepted: true, languages: [lang],
  }, superuser)
  assert.equal(made.status, 200, JSON.stringify(made.body))
  const auth = await api(hub, "POST", `/api/collections/users/impersonate/${made.body.id}`, { duration: 3600 }, superuser)
  return { token: auth.body.token, record: auth.body.record }
}

async function serverProposals(userId) {
  const filter = encodeURIComponent(`proposer='${userId}'`)
  return (await api(hub, "GET", `/api/collections/activities/records?filter=${filter}`, null, superuser)).body.items
}

const texts = {
  it: { title: "Merenda al parco <img src=x onerror=alert(1)>", summary: "Giochi e merenda per i più piccoli" },
  ar: { title: "لقاء الأمهات <img src=x onerror=alert(1)>", summary: "قهوة وحديث للأمهات الجدد" },
}

for (const lang of ["it", "ar"]) {
  describe(`proposing an activity in ${lang}`, () => {
    it("written offline, it reaches the hub when back online; the family sees its state and the staff's reason", async () => {
      const t = messages(lang)
      const me = await family(lang)
      const context = await phone(browser, lang)
      const page = await context.newPage()
      page.on("dialog", () => assert.fail("a script in the title ran"))
      await open(page, hub.url, "/")
      await page.evaluate((stored) => localStorage.setItem("pocketbase_auth", stored), JSON.stringify({ token: me.token, record: me.record }))
      await open(page, hub.url, "/me/proposals")
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null && document.documentElement.dataset.sync === "live", null, { timeout: 45000 })
      assert.deepEqual(await axeViolations(page), [], "My proposals, empty: axe")
      await open(page, hub.url, "/propose")
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === "ar" ? "rtl" : "ltr")
      assert.deepEqual(await axeViolations(page), [], "the form: axe")
      let width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 360, `the form is ${width} px wide`)

      await context.setOffline(true)
      const day = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10)
      const form = page.locator("form.propose")
      assert.equal(await form.locator("select[name=language]").inputValue(), lang, "the proposer writes in the app's language")
      await form.locator("input[name=title]").fill(texts[lang].title)
      await form.locator("input[name=summary]").fill(texts[lang].summary)
      await form.locator("input[name=date]").fill(day)
      await form.locator("input[name=start]").fill("16:00")
      await form.locator("input[name=end]").fill("18:00")
      await form.locator("input[name=address]").fill("Parco del Po, Cremona")
      await form.getByRole("button", { name: t.propose_submit }).click()
      await rendered(page, "/me/proposals")
      const card = page.locator("li.proposal")
      await card.getByText(t.sync_waiting).waitFor()
      assert.equal((await card.locator(".proposal-state").innerText()).trim(), t.proposal_state_pending)
      assert.ok((await card.locator(".card-title").innerText()).includes(texts[lang].title), "the title shows as text, HTML and all")
      assert.equal(await card.locator(".card-title img").count(), 0, "no element made from the title")
      assert.deepEqual(await axeViolations(page), [], "My proposals, waiting: axe")
      width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 360, `My proposals is ${width} px wide`)
      assert.equal((await serverProposals(me.record.id)).length, 0, "nothing reached the hub while offline")

      await context.setOffline(false)
      let stored = []
      for (let i = 0; i < 100 && !stored.length; i++) {
        stored = await serverProposals(me.record.id)
        if (!stored.length) await new Promise((r) => setTimeout(r, 100))
      }
      assert.equal(stored.length, 1, "the proposal reached the hub once")
      const [p] = stored
      assert.equal(p.status, "pending")
      assert.equal(p.original_language, lang)
      assert.deepEqual(p.title, { [lang]: texts[lang].title })
      await page.waitForFunction(() => document.querySelector("li.proposal") && !document.querySelector("li.proposal .badge-pending"), null, { timeout: 15000 })

      // Staff ask for changes: the family sees the state and the reason.
      const reason = lang === "ar" ? "يرجى إضافة العنوان الكامل" : "Aggiungi l'indirizzo completo"
      const decided = await api(hub, "PATCH", `/api/collections/activities/records/${p.id}`, { status: "changes_requested", moderation_reason: reason }, staff)
      assert.equal(decided.status, 200, JSON.stringify(decided.body))
      await page.waitForFunction((s) => document.querySelector("li.proposal .proposal-state")?.textContent.trim() === s,
        t.proposal_state_changes_requested, { timeout: 15000 })
      assert.ok((await card.locator(".reason").innerText()).includes(reason), "the staff's reason is shown")
      assert.deepEqual(await axeViolations(page), [], "changes requested: axe")

      // Resubmitted from the card: pending again on the hub.
      await card.getByRole("button", { name: t.propose_submit }).click()
      let status = ""
      for (let i = 0; i < 100 && status !== "pending"; i++) {
        status = (await serverProposals(me.record.id))[0].status
        if (status !== "pending") await new Promise((r) => setTimeout(r, 100))
      }
      assert.equal(status, "pending", "resubmitted")
      await context.close()
    })
  })
}
