// A new person signs up on a phone, in Italian and in Arabic, with the hub
// as `make run` starts it (--demo: no SMTP, e-mail caught): the code e-mail
// is read through the demo mail catcher as the superuser would (and is on
// the console too), the code signs them in and they land in My space. Every
// step is axe-clean at 360x640.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, open, rendered, axeViolations, root } from "./harness.mjs"

const shots = join(root, "test-results", "screenshots")
let hub, browser, superuser
before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  const res = await fetch(hub.url + "/api/collections/_superusers/auth-with-password", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity: "admin@hug.test", password: "admin-demo-2026" }),
  })
  superuser = (await res.json()).token
})
after(async () => {
  await browser?.close()
  await hub?.stop()
})

/** The caught e-mail to `to`, as the superuser reads it (GET /api/hub/dev/mail). */
async function caughtMail(to) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(hub.url + "/api/hub/dev/mail", { headers: { Authorization: superuser } })
    assert.equal(res.status, 200, "the superuser reads the caught mail")
    const mail = (await res.json()).items.find((m) => m.to.includes(to))
    if (mail) return mail
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`no e-mail to ${to} was caught`)
}

async function user(email) {
  const res = await fetch(`${hub.url}/api/collections/users/records?filter=${encodeURIComponent(`email='${email}'`)}`, {
    headers: { Authorization: superuser },
  })
  return (await res.json()).items[0]
}

for (const lang of ["it", "ar"]) {
  describe(`sign-up in ${lang}`, () => {
    it("signs up, reads the code from the demo mail catcher, signs in, lands in My space", async () => {
      const messages = JSON.parse(readFileSync(join(root, "locales", `${lang}.json`), "utf8"))
      const email = `nuova.${lang}@hug.test`
      const context = await phone(browser, lang)
      const page = await context.newPage()
      const errors = []
      page.on("pageerror", (e) => errors.push(e.message))

      await open(page, hub.url, "/signin")
      await page.locator("a[href='/signup']").first().click()
      await rendered(page, "/signup")
      assert.equal((await page.locator("main h1").innerText()).trim(), messages.signup_title)
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === "ar" ? "rtl" : "ltr")
      assert.ok((await page.locator("main").innerText()).includes(messages.privacy_notice.slice(0, 20)), "no privacy notice")
      assert.deepEqual(await axeViolations(page), [], "sign-up form: axe violations")
      mkdirSync(shots, { recursive: true })
      await page.screenshot({ path: join(shots, `${lang}-signup.png`), fullPage: true })

      // The minimum, from the hub's vocabulary: the language list and age
      // bands come from GET /api/hub/config.
      await page.locator("input[name=email]").fill(email)
      await page.locator("input[name=name]").fill(lang === "ar" ? "أمينة" : "Giulia")
      assert.equal(await page.locator("select[name=language]").inputValue(), lang, "the form starts in the reader's language")
      assert.equal(await page.locator("select[name=language] option").count(), 9)
      await page.locator("input[name=municipality]").fill("Cremona")
      await page.locator("input[name=bands][value='0-3']").check()
      // Without accepting the notice nothing is sent.
      await page.locator("main button[type=submit]").click()
      assert.equal(await user(email), undefined, "an account without the privacy notice accepted")
      await page.locator("input[name=privacy]").check()
      await page.locator("main button[type=submit]").click()
      await page.waitForSelector("input[name=code]")
      assert.deepEqual(await axeViolations(page), [], "code step: axe violations")

      const mail = await caughtMail(email)
      const code = mail.text.match(/\b\d{6}\b/)?.[0]
      assert.ok(code, `no code in ${mail.text}`)
      assert.ok(hub.output().includes(code), "the code is not on the console")

      await page.locator("input[name=code]").fill(code)
      await page.locator("main button[type=submit]").click()
      await rendered(page, "/me")
      assert.equal((await page.locator("main h1").innerText()).trim(), messages.me_title)
      assert.ok((await page.locator("main").innerText()).includes(email))
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang)
      assert.deepEqual(await axeViolations(page), [], "My space: axe violations")

      const account = await user(email)
      assert.equal(account.verified, true, "the code did not confirm the address")
      assert.deepEqual([account.role, account.languages, account.children_age_bands, account.municipality], ["family", [lang], ["0-3"], "Cremona"])
      assert.ok(account.privacy_accepted_at, "the acceptance time was not kept")
      assert.deepEqual(errors, [], "page errors")
      await context.close()
    })
  })
}

it("only the superuser reads the caught mail", async () => {
  assert.equal((await fetch(hub.url + "/api/hub/dev/mail")).status, 401)
  const family = await (await fetch(hub.url + "/api/collections/users/auth-with-password", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity: "famiglia@hug.test", password: "famiglia-demo-2026" }),
  })).json()
  assert.equal((await fetch(hub.url + "/api/hub/dev/mail", { headers: { Authorization: family.token } })).status, 403)
})

it("the /dev/mail page shows the caught mail once the superuser signs in, with the strict CSP", async () => {
  const context = await phone(browser, "it")
  const page = await context.newPage()
  const errors = []
  page.on("pageerror", (e) => errors.push(e.message))
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()))
  const res = await page.goto(hub.url + "/dev/mail")
  assert.match(res.headers()["content-security-policy"], /script-src 'self'/)
  await page.locator("#signin input[name=email]").fill("admin@hug.test")
  await page.locator("#signin input[name=password]").fill("admin-demo-2026")
  await page.locator("#signin button[type=submit]").click()
  await page.waitForSelector("#mail li")
  assert.match(await page.locator("#mail").innerText(), /nuova\.(it|ar)@hug\.test[\s\S]*\b\d{6}\b/)
  assert.deepEqual(await axeViolations(page), [], "mail page: axe violations")
  assert.deepEqual(errors, [], "page errors (a CSP refusal is one)")
  await context.close()
})

// The admin UI's sign-in asks auth-methods?fields=mfa,otp,password,oauth2:
// the query guard must let it through (internal/queryguard keysOnlyEndpoints).
it("a superuser signed in to the admin UI reads /dev/mail without signing in again", async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(10000)
  await page.goto(hub.url + "/_/#/login")
  await page.locator("input[type=email]").fill("admin@hug.test")
  await page.locator("input[type=password]").fill("admin-demo-2026")
  await page.getByRole("button", { name: "Login" }).click()
  await page.waitForURL(/#\/collections/)
  await page.goto(hub.url + "/dev/mail")
  await page.waitForSelector("#mail li")
  assert.equal(await page.locator("#signin").isHidden(), true)
  await context.close()
})

it("the admin UI the start message points to arrives compressed once (its scripts can run)", async () => {
  const page = await (await fetch(hub.url + "/_/")).text()
  const script = page.match(/assets\/index-[\w-]+\.js/)?.[0]
  assert.ok(script, "no script in the admin UI page")
  const body = Buffer.from(await (await fetch(`${hub.url}/_/${script}`)).arrayBuffer()) // fetch decodes gzip once
  assert.notDeepEqual([...body.subarray(0, 2)], [0x1f, 0x8b], "the admin UI's script is still gzip after one decoding")
})
