// Proposing an activity from the phone (issue 9, item 1): a family writes
// a proposal in its own language while offline; it shows at once in My
// proposals as waiting to send; back online it reaches the hub (stored
// under that language, its original language recorded, pending); the
// staff ask for changes and the family sees the state and the reason.
// Text with HTML in it shows as text. 360x640, Italian and Arabic,
// axe-clean on each screen it passes. Then the cycles (Ukrainian: the same
// weekday and time for 4 weeks, with a photo the phone shrinks to at most
// 1600 px and the hub stores without its EXIF GPS block; Punjabi: a list of
// 3 dates), each reaching the hub as linked dates of one series.

import { describe, it, before, after } from "node:test"
import assert from "node:assert/strict"
import { startHub, launchChromium, phone, open, rendered, axeViolations, api, messages, signIn, signedIn, noSidewaysScroll, until, network } from "./harness.mjs"

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

      await network(context, false)
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

      await network(context, true)
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

// The day and time people in Rome read for a stored moment, and its weekday.
function rome(value) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Rome", hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(new Date(value.replace(" ", "T"))).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday: parts.weekday }
}
const dayIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)
const plusDays = (day, n) => new Date(Date.parse(day + "T12:00:00Z") + n * 86400000).toISOString().slice(0, 10)

/** An APP1 "Exif" block (big-endian TIFF) whose GPS IFD puts the photo at 45°08' N, 10°01' E (Cremona). */
function exifWithGPS() {
  const tiff = Buffer.alloc(128)
  tiff.write("MM", 0, "latin1"); tiff.writeUInt16BE(42, 2); tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(1, 8) // IFD0: one entry, GPSInfo -> the GPS IFD at 26
  tiff.writeUInt16BE(0x8825, 10); tiff.writeUInt16BE(4, 12); tiff.writeUInt32BE(1, 14); tiff.writeUInt32BE(26, 18)
  tiff.writeUInt32BE(0, 22)
  tiff.writeUInt16BE(4, 26) // GPS IFD: latitude ref and value, longitude ref and value
  const entry = (i, tag, type, count, value) => {
    const at = 28 + 12 * i
    tiff.writeUInt16BE(tag, at); tiff.writeUInt16BE(type, at + 2); tiff.writeUInt32BE(count, at + 4)
    if (typeof value === "string") tiff.write(value, at + 8, "latin1")
    else tiff.writeUInt32BE(value, at + 8)
  }
  entry(0, 1, 2, 2, "N"); entry(1, 2, 5, 3, 80); entry(2, 3, 2, 2, "E"); entry(3, 4, 5, 3, 104)
  tiff.writeUInt32BE(0, 76)
  for (const [at, values] of [[80, [45, 8, 0]], [104, [10, 1, 0]]]) {
    values.forEach((v, i) => { tiff.writeUInt32BE(v, at + 8 * i); tiff.writeUInt32BE(1, at + 8 * i + 4) })
  }
  const head = Buffer.from([0xff, 0xe1, 0, 0]); head.writeUInt16BE(2 + 6 + tiff.length, 2)
  return Buffer.concat([head, Buffer.from("Exif\0\0", "latin1"), tiff])
}

/** A JPEG's segments before its scan: [{ marker, data }]. */
function segments(jpeg) {
  assert.equal(jpeg.readUInt16BE(0), 0xffd8, "a JPEG")
  const out = []
  for (let at = 2; at + 4 <= jpeg.length;) {
    assert.equal(jpeg[at], 0xff, `a marker at ${at}`)
    const marker = jpeg[at + 1], length = jpeg.readUInt16BE(at + 2)
    out.push({ marker, at, data: jpeg.subarray(at + 4, at + 2 + length) })
    if (marker === 0xda) break
    at += 2 + length
  }
  return out
}
const hasExif = (jpeg) => segments(jpeg).some((s) => s.marker === 0xe1 && s.data.subarray(0, 6).toString("latin1") === "Exif\0\0")
function jpegSize(jpeg) {
  const sof = segments(jpeg).find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker))
  assert.ok(sof, "the JPEG has a frame header")
  return { height: sof.data.readUInt16BE(1), width: sof.data.readUInt16BE(3) }
}

/** A 3000x2000 camera-like JPEG made by Chromium, with an EXIF GPS block put after its JFIF header. */
async function bigPhoto(page) {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000)
    const g = canvas.getContext("2d")
    const sky = g.createLinearGradient(0, 0, 3000, 2000)
    sky.addColorStop(0, "#f4a261"); sky.addColorStop(1, "#264653")
    g.fillStyle = sky; g.fillRect(0, 0, 3000, 2000)
    for (let i = 0; i < 40; i++) {
      g.fillStyle = `hsl(${i * 37 % 360} 60% 55%)`
      g.beginPath(); g.arc((i * 731) % 3000, (i * 457) % 2000, 60 + (i * 13) % 140, 0, 2 * Math.PI); g.fill()
    }
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 })).arrayBuffer())
    let s = ""
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(s)
  })
  const jpeg = Buffer.from(base64, "base64")
  const app0 = segments(jpeg).find((s) => s.marker === 0xe0)
  const cut = app0 ? app0.at + 2 + app0.data.length + 2 : 2
  const photo = Buffer.concat([jpeg.subarray(0, cut), exifWithGPS(), jpeg.subarray(cut)])
  assert.deepEqual(jpegSize(photo), { width: 3000, height: 2000 })
  assert.ok(hasExif(photo), "the photo sent carries EXIF")
  return photo
}

/** The stored file, downloaded as the superuser (covers are protected files). */
async function download(collection, id, name) {
  const { body } = await api(hub, "POST", "/api/files/token", null, superuser)
  const res = await fetch(`${hub.url}/api/files/${collection}/${id}/${name}?token=${body.token}`)
  assert.equal(res.status, 200, `downloading ${name}`)
  return Buffer.from(await res.arrayBuffer())
}

/** The proposal's dates on the hub once count of them (each with a cover if covered) are there. */
async function reachedHub(userId, count, { covered = false } = {}) {
  const stored = await until(async () => `the ${count} dates on the hub: ${JSON.stringify(await serverProposals(userId))}`, async () => {
    const items = await serverProposals(userId)
    return items.length && (!covered || items.every((p) => p.cover)) ? items : null
  }, { timeout: 20000 })
  return stored.sort((a, b) => a.starts_at.localeCompare(b.starts_at))
}

describe("proposing a cycle from the phone", () => {
  it("uk: the same weekday and time for 4 weeks, with a big photo: 4 linked dates, the cover at most 1600 px and without EXIF", async () => {
    const t = messages("uk")
    const me = await family("uk")
    const context = await phone(browser, "uk")
    const page = await signedIn(hub, context, me, "/propose")
    const form = page.locator("form.propose")
    await form.getByRole("radio", { name: t.propose_when_weekly }).check()
    await form.locator("input[name=weeks]").waitFor()
    assert.equal(await form.locator("input[name=weeks]").isVisible(), true, "how many times shows for a weekly cycle")
    assert.equal(await form.getByRole("button", { name: t.propose_add_date }).isVisible(), false, "no adding dates in a weekly cycle")
    const first = dayIn(9)
    await form.locator("input[name=title]").fill("Гурток малювання")
    await form.locator("input[name=date]").fill(first)
    await form.locator("input[name=weeks]").fill("4")
    await form.locator("input[name=start]").fill("17:30")
    await form.locator("input[name=end]").fill("19:00")
    await form.locator("input[name=address]").fill("Via Dante 10, Cremona")
    const photo = await bigPhoto(page)
    await form.locator("input[name=photo]").setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: photo })
    assert.deepEqual(await axeViolations(page), [], "the form, weekly cycle open: axe")
    await noSidewaysScroll(page, "the form, weekly cycle open")
    await form.getByRole("button", { name: t.propose_submit }).click()
    await rendered(page, "/me/proposals")

    const stored = await reachedHub(me.record.id, 4, { covered: true })
    assert.equal(stored.length, 4, "the cycle made 4 dates on the hub")
    const series = stored[0].series
    assert.ok(series, "the dates are linked by a series")
    const weekday = rome(stored[0].starts_at).weekday
    stored.forEach((p, i) => {
      assert.equal(p.series, series, "one series")
      assert.equal(p.status, "pending")
      assert.deepEqual(rome(p.starts_at), { day: plusDays(first, 7 * i), time: "17:30", weekday }, `date ${i + 1} starts a week after the last, at 17:30 in Rome`)
      assert.deepEqual(rome(p.ends_at), { day: plusDays(first, 7 * i), time: "19:00", weekday }, `date ${i + 1} ends at 19:00 in Rome`)
    })
    for (const p of stored) {
      const cover = await download("activities", p.id, p.cover)
      const { width, height } = jpegSize(cover)
      assert.ok(Math.max(width, height) <= 1600, `the stored cover is ${width}x${height}: more than 1600 px`)
      assert.ok(Math.abs(width / height - 1.5) < 0.01, `the stored cover keeps the photo's shape (${width}x${height})`)
      assert.equal(hasExif(cover), false, "the stored cover has no EXIF")
    }
    await context.close()
  })

  it("pa: a list of 3 chosen dates: 3 linked dates on the hub", async () => {
    const t = messages("pa")
    const me = await family("pa")
    const context = await phone(browser, "pa")
    const page = await signedIn(hub, context, me, "/propose")
    const form = page.locator("form.propose")
    await form.getByRole("radio", { name: t.propose_when_list }).check()
    const add = form.getByRole("button", { name: t.propose_add_date })
    await add.click()
    await add.click()
    assert.equal(await form.locator("input[name=weeks]").isVisible(), false, "no weeks in a list of dates")
    const days = [dayIn(8), dayIn(11), dayIn(19)]
    await form.locator("input[name=title]").fill("ਪੰਜਾਬੀ ਕਹਾਣੀਆਂ")
    const inputs = form.getByLabel(t.propose_date, { exact: true })
    assert.equal(await inputs.count(), 3, "three date fields, each with its label")
    for (const [i, day] of days.entries()) await inputs.nth(i).fill(day)
    await form.locator("input[name=start]").fill("10:00")
    await form.locator("input[name=end]").fill("11:30")
    assert.deepEqual(await axeViolations(page), [], "the form, list of dates open: axe")
    await noSidewaysScroll(page, "the form, list of dates open")
    await form.getByRole("button", { name: t.propose_submit }).click()
    await rendered(page, "/me/proposals")

    const stored = await reachedHub(me.record.id, 3)
    assert.equal(stored.length, 3, "the list made 3 dates on the hub")
    assert.ok(stored[0].series, "the dates are linked by a series")
    stored.forEach((p, i) => {
      assert.equal(p.series, stored[0].series, "one series")
      assert.deepEqual([rome(p.starts_at).day, rome(p.starts_at).time, rome(p.ends_at).time], [days[i], "10:00", "11:30"], `date ${i + 1}`)
    })
    await context.close()
  })

  it("fr: a date added in the list mode, left empty, does not block one date once the family switches back", async () => {
    const t = messages("fr")
    const me = await family("fr")
    const context = await phone(browser, "fr")
    const page = await signedIn(hub, context, me, "/propose")
    const form = page.locator("form.propose")
    await form.getByRole("radio", { name: t.propose_when_list }).check()
    await form.getByRole("button", { name: t.propose_add_date }).click()
    await form.getByRole("radio", { name: t.propose_when_one }).check()
    assert.equal(await form.getByLabel(t.propose_date, { exact: true }).filter({ visible: true }).count(), 1, "one date field shown")
    await form.locator("input[name=title]").fill("Goûter des familles")
    await form.getByLabel(t.propose_date, { exact: true }).first().fill(dayIn(6))
    await form.locator("input[name=start]").fill("16:00")
    await form.locator("input[name=end]").fill("17:00")
    await form.locator("input[name=address]").fill("Via Dante 10, Cremona")
    await form.getByRole("button", { name: t.propose_submit }).click()
    await rendered(page, "/me/proposals")
    assert.equal((await reachedHub(me.record.id, 1)).length, 1, "one date on the hub")
    await context.close()
  })
})
