// Cross-site scripting: an XSS corpus (OWASP filter-evasion cheat-sheet
// payloads, javascript: and data: URLs, template and lit-html look-alikes,
// entities, right-to-left overrides, Arabic and CJK, long strings) goes into
// EVERY user-writable text, JSON, url and e-mail field of every collection,
// found from the live schema (GET /api/collections as the superuser), in
// every language key of the multilingual fields. Then every route of
// pb_public/app.js is visited in Italian and Arabic, as a guest and as a
// signed-in family whose own profile, registrations, groups and appointment
// requests carry payloads. On every screen:
//   - no script ran (payloads call __xss(), alert, confirm, prompt: all canaries);
//   - no element came from a payload (no on* attribute, no script, iframe,
//     object, base, meta refresh, foreign svg or img, nothing marked qxssq);
//   - every link goes to http(s), mailto, tel, webcal or the hub itself;
//   - no Content-Security-Policy violation (event or console);
//   - every payload the screen shows is there whole, as visible text, without
//     the Bidi controls the hub strips at save;
// and each screen shows the fields it is expected to show (so the test
// proves the payloads rendered, not that they were hidden). A route added to
// app.js and not visited here fails the test.

import { it, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { startHub, launchChromium, phone, rendered, root } from "./harness.mjs"

const SUPERUSER = { identity: "admin@hug.test", password: "admin-demo-2026" }
const FAMILY = { identity: "famiglia@hug.test", password: "famiglia-demo-2026" }
const STAFF = { identity: "staff@hug.test", password: "staff-demo-2026" }
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g

// The corpus. Every vector that could run calls a canary.
const corpus = [
  `<script>__xss("script")</script>`,
  `<img src=x onerror=__xss("img")>`,
  `<svg onload=__xss("svg")>`,
  `"><script>__xss("attr-break")</script>`,
  `'><img src=x onerror=alert("sq")>`,
  `<iframe src="javascript:__xss('iframe')"></iframe>`,
  `<a href="javascript:__xss('a')" class=qxssq>link</a>`,
  `<body onload=__xss("body")>`,
  `</textarea><script>__xss("textarea")</script>`,
  `</title><script>__xss("title")</script>`,
  `<input autofocus onfocus=__xss("focus") class=qxssq>`,
  `<details open ontoggle=confirm("toggle")>`,
  "${__xss(\"template-literal\")}",
  "<!--?lit$1234$--> lit$5678$ ${alert(1)}",
  `{{constructor.constructor('__xss("angular")')()}} {{7*7}}`,
  `&lt;script&gt;__xss("entity")&lt;/script&gt; &#60;img src=x onerror=__xss(1)&#62; &amp;`,
  `<IMG SRC=JaVaScRiPt:__xss("case")>`,
  `<scr<script>ipt>__xss("nested")</scr</script>ipt>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=__xss("mxss")>`,
  `<object data="data:text/html,<script>__xss('object')</script>"></object>`,
  `<meta http-equiv="refresh" content="0;url=javascript:__xss('meta')">`,
  `<base href="javascript:__xss('base')//">`,
  `<form action="javascript:__xss('form')"><button class=qxssq>go</button></form>`,
  `javascript:__xss("bare-url")`,
  `data:text/html;base64,PHNjcmlwdD5fX3hzcygpPC9zY3JpcHQ+`,
  `<div style="background:url(javascript:__xss('css'))" class=qxssq>css</div>`,
  `<x-qxssq onclick=prompt("custom")>`,
  `<style>@import "//evil.example/x.css";</style><link rel=stylesheet href=//evil.example/x.css>`,
  `مرحبا <b class=qxssq>عالم</b> 你好<script>__xss("cjk")</script>世界 ١٢٣`,
  `<svg><animate onbegin=__xss("animate") attributeName=x dur=1s>`,
  `<video><source onerror=__xss("video")></video>`,
]
// Right-to-left overrides and isolates ("exe.gnp" shows as "gnp.exe"): the
// hub strips them at save, so nothing on screen may hold them.
const bidi = "\u202Egnp.exe\u202C \u2066iso\u2069"

const markers = new Map() // marker -> { key: "collection.field", lang, value (as stored) }
let serial = 0

/** A payload for one field: its marker, the Bidi controls, then vectors up to max characters. */
function payload(key, max, start) {
  const marker = `XSS#${++serial}#`
  let value = `${marker} ${bidi}`
  for (let i = 0; i < corpus.length; i++) {
    const next = corpus[(start + i) % corpus.length]
    if ([...value].length + 1 + [...next].length > max) break
    value += " " + next
  }
  return { marker, value }
}

// Very long strings: filler without spaces, then vectors, in the long fields.
const LONG = "W".repeat(400) + " "

let hub, browser, superToken, family, staff, schema, languages
const written = {} // key -> count of values stored
const refused = {} // key -> code the server answered
const guestActivities = []
const publicGroups = []
const placeIds = []

async function api(method, path, { token, body } = {}) {
  const res = await fetch(hub.url + path, {
    method,
    headers: { ...(token ? { Authorization: token } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = await res.json().catch(() => ({}))
  return { status: res.status, data }
}

const isLangObject = (v) => v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0 &&
  Object.entries(v).every(([k, s]) => languages.includes(k) && typeof s === "string")

/** Payloads in every language key of a multilingual object. */
function multilingual(key, budget, start) {
  const out = {}
  for (const [i, lang] of languages.entries()) {
    const p = payload(key, budget, start + i)
    out[lang] = p.value
    markers.set(p.marker, { key, lang, value: null })
  }
  return out
}

/** The multilingual objects inside a structured JSON value (notes of closures, service lines) get payloads. */
function walk(key, value, budget, start) {
  if (isLangObject(value)) return multilingual(key, budget, start)
  if (Array.isArray(value)) return value.map((v, i) => walk(key, v, budget, start + i))
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v], i) => [k, walk(key, v, budget, start + i)]))
  return value
}

/** The value a writable field gets, or undefined when the field holds no text. */
function fieldPayload(collection, field, current, index) {
  const key = `${collection}.${field.name}`
  const start = index * 7 + field.name.length
  switch (field.type) {
    case "text": {
      const max = field.max || 5000
      const p = payload(key, max, start)
      const value = max >= 1000 ? (LONG + p.value).slice(0, max) : p.value
      markers.set(p.marker, { key, lang: null, value: null })
      return value
    }
    case "editor": {
      const p = payload(key, 2000, start)
      markers.set(p.marker, { key, lang: null, value: null })
      return p.value
    }
    case "json": {
      // Go escapes <, > and & in JSON (6 bytes each): stay well inside maxSize.
      const budget = Math.max(60, Math.floor((field.maxSize || 20000) / languages.length / 6))
      if (current == null || current === "" || isLangObject(current)) return multilingual(key, budget, start)
      const walked = walk(key, current, budget, start)
      return JSON.stringify(walked) === JSON.stringify(current) ? undefined : walked
    }
    case "url":
      // The server must refuse script URLs (asserted below); what it keeps
      // still has to come out as a safe link.
      return index % 3 === 2 ? `ftp://example.org/${serial}"><script>__xss("ftp")</script>`
        : `https://example.org/${++serial}?q="><script>__xss("url")</script>&x='onmouseover=alert(1)`
    case "email":
      return `x${++serial}@example.org`
  }
  return undefined
}

/**
 * Writes payloads into every writable field of a record; drops the fields
 * the server refuses (noted). A person's own record the person may not change (an appointment
 * request after it is sent) is changed by the superuser, as staff would.
 */
async function writeRecord(collection, record, fields, index, token) {
  const body = {}
  for (const f of fields) {
    const v = fieldPayload(collection, f, record[f.name], index)
    if (v !== undefined) body[f.name] = v
  }
  for (let attempt = 0; attempt < 8 && Object.keys(body).length; attempt++) {
    const res = await api("PATCH", `/api/collections/${collection}/records/${record.id}`, { token, body })
    if (res.status === 200) {
      for (const name of Object.keys(body)) written[`${collection}.${name}`] = (written[`${collection}.${name}`] || 0) + 1
      return res.data
    }
    if (res.status === 403 && token !== superToken) {
      // What the person may write, as the person; the rest (a staff reply) as staff.
      for (const [name, value] of Object.entries(body)) {
        const one = await api("PATCH", `/api/collections/${collection}/records/${record.id}`, { token, body: { [name]: value } })
        if (one.status === 200) {
          written[`${collection}.${name}`] = (written[`${collection}.${name}`] || 0) + 1
          delete body[name]
        }
      }
      token = superToken
      continue
    }
    const errors = res.data?.data || {}
    if (res.status !== 400 || !Object.keys(errors).length) throw new Error(`${collection}/${record.id}: ${res.status} ${JSON.stringify(res.data)}`)
    for (const [name, err] of Object.entries(errors)) {
      refused[`${collection}.${name}`] = err.code
      delete body[name]
    }
  }
  return (await api("GET", `/api/collections/${collection}/records/${record.id}`, { token: superToken })).data
}

/** Sends one mutation through the sync endpoint, as a phone does; it must apply. */
async function mutate(token, name, args) {
  const res = await api("POST", "/api/hub/mutations", { token, body: { mutations: [{ id: crypto.randomUUID(), name, args }] } })
  const outcome = res.data.results?.[0]
  assert.equal(outcome?.status, "applied", `${name}: ${res.status} ${JSON.stringify(res.data)}`)
  return outcome
}

const recordId = () => Array.from({ length: 15 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("")

/** A payload in a field written once, in one language (a proposal's text, a report, a reason). */
function single(key, max, start) {
  const p = payload(key, max, start)
  markers.set(p.marker, { key, lang: null, value: null })
  return p.value
}

const count = (key) => (written[key] = (written[key] || 0) + 1)

/** Records what the server stored for each marker (Bidi controls stripped, as the hub does at save). */
function noteStored(value) {
  if (typeof value === "string") {
    const m = /XSS#\d+#/.exec(value)
    if (m && markers.has(m[0])) markers.get(m[0]).value = value
  } else if (Array.isArray(value)) value.forEach(noteStored)
  else if (value && typeof value === "object") Object.values(value).forEach(noteStored)
}

before(async () => {
  hub = await startHub()
  browser = await launchChromium()
  languages = (await (await fetch(hub.url + "/api/hub/config")).json()).languages.map((l) => l.code)
  superToken = (await api("POST", "/api/collections/_superusers/auth-with-password", { body: SUPERUSER })).data.token
  family = (await api("POST", "/api/collections/users/auth-with-password", { body: FAMILY })).data
  const collections = (await api("GET", "/api/collections?perPage=500", { token: superToken })).data.items
  // User-writable fields, from the schema: text-bearing fields that are not
  // system, hidden or server-kept (audit entries are written by decisions only).
  schema = {}
  for (const c of collections) {
    if (c.system || c.type === "view" || c.name === "audit_log" || c.name.startsWith("hub_")) continue
    schema[c.name] = c.fields.filter((f) => !f.system && !f.hidden && ["text", "editor", "json", "url", "email"].includes(f.type))
  }

  // Script URLs never get into a url field (the hub's validation).
  for (const [name, fields] of Object.entries(schema)) {
    const urlFields = fields.filter((f) => f.type === "url")
    if (!urlFields.length) continue
    const [record] = (await api("GET", `/api/collections/${name}/records?perPage=1`, { token: superToken })).data.items
    for (const f of urlFields) {
      for (const bad of ["javascript:__xss(1)", "JaVaScRiPt:__xss(1)", "javascript://example.org/%0a__xss(1)", "data:text/html,<script>__xss(1)</script>", "vbscript:msgbox(1)"]) {
        const res = await api("PATCH", `/api/collections/${name}/records/${record.id}`, { token: superToken, body: { [f.name]: bad } })
        assert.equal(res.status, 400, `${name}.${f.name} accepted ${bad}`)
      }
    }
  }

  // The places' own closures (holidays are a rule now, not records): one
  // closure in a few days, so its note has a place on the screen.
  const [mainPlace] = (await api("GET", "/api/collections/places/records?perPage=1&sort=sort", { token: superToken })).data.items
  const soon = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10)
  const closure = await api("PATCH", `/api/collections/places/records/${mainPlace.id}`, {
    token: superToken, body: { exceptions: [...(mainPlace.exceptions || []), { date: soon, closed: true, note: { it: "Chiuso" } }] },
  })
  assert.equal(closure.status, 200, `closure: ${JSON.stringify(closure.data)}`)
  placeIds.push(mainPlace.id)

  // Every record of every collection, as the superuser (the family's own
  // records below, as the family).
  const own = new Set(["users", "registrations", "memberships", "appointment_requests"])
  for (const [name, fields] of Object.entries(schema)) {
    if (own.has(name) || !fields.length) continue
    const records = (await api("GET", `/api/collections/${name}/records?perPage=500`, { token: superToken })).data.items
    for (const [i, record] of records.entries()) noteStored(await writeRecord(name, record, fields, i, superToken))
  }

  // The family: its profile, a registration, a group, an appointment request.
  const me = family.record
  noteStored(await writeRecord("users", me, schema.users, 0, superToken))
  const now = new Date().toISOString().replace("T", " ")
  const open = (await api("GET", `/api/collections/activities/records?perPage=500&filter=${encodeURIComponent(`status="approved" && registration_required=true && starts_at > "${now}"`)}`)).data.items
  const mine = (await api("GET", `/api/collections/registrations/records?perPage=500`, { token: family.token })).data.items
  const target = open.find((a) => !mine.some((r) => r.activity === a.id))
  if (target) {
    const res = await api("POST", "/api/collections/registrations/records", { token: family.token, body: { activity: target.id, user: me.id, adults: 1, children: 1 } })
    assert.equal(res.status, 200, `registration: ${JSON.stringify(res.data)}`)
  }
  const groups = (await api("GET", "/api/collections/groups/records?perPage=500&filter=public%3Dtrue")).data.items
  publicGroups.push(...groups.map((g) => g.id))
  const memberships = (await api("GET", "/api/collections/memberships/records?perPage=500", { token: family.token })).data.items
  const openGroup = groups.find((g) => g.join_policy === "open" && !memberships.some((m) => m.group === g.id))
  if (openGroup) {
    const res = await api("POST", "/api/collections/memberships/records", { token: family.token, body: { group: openGroup.id, user: me.id } })
    assert.equal(res.status, 200, `membership: ${JSON.stringify(res.data)}`)
  }
  for (const name of ["registrations", "memberships", "appointment_requests"]) {
    const fields = schema[name] || []
    if (!fields.length) continue
    if (name === "appointment_requests") {
      const res = await api("POST", "/api/collections/appointment_requests/records", { token: family.token, body: { user: me.id, topic: "listening", language: "it", contact_method: "phone", contact_phone: "333 3317332" } })
      assert.equal(res.status, 200, `appointment request: ${JSON.stringify(res.data)}`)
    }
    const records = (await api("GET", `/api/collections/${name}/records?perPage=500`, { token: family.token })).data.items
    for (const [i, record] of records.entries()) noteStored(await writeRecord(name, record, fields, i, family.token))
  }
  family.record = (await api("GET", `/api/collections/users/records/${me.id}`, { token: family.token })).data

  // What patching cannot reach (no record yet, or texts fixed once posted),
  // written the way people write it, so that staff screens have it: staff
  // post announcements; the family reports activities and proposes: one
  // proposal waits for staff, one is sent back with a reason (the audit log
  // keeps it), one is published and then changed (a revision waits).
  staff = (await api("POST", "/api/collections/users/auth-with-password", { body: STAFF })).data
  for (const [i, group] of [null, publicGroups[0]].entries()) {
    const res = await api("POST", "/api/collections/announcements/records", {
      token: staff.token, body: { title: multilingual("announcements.title", 200, i), body: multilingual("announcements.body", 600, i + 3), ...(group ? { group } : {}) },
    })
    assert.equal(res.status, 200, `announcement: ${JSON.stringify(res.data)}`)
    noteStored(res.data)
    count("announcements.title"), count("announcements.body")
  }
  const approved = (await api("GET", `/api/collections/activities/records?perPage=2&sort=starts_at&filter=${encodeURIComponent(`status="approved" && starts_at > "${now}"`)}`)).data.items
  for (const [i, activity] of approved.entries()) {
    const res = await api("POST", "/api/collections/reports/records", { token: family.token, body: { activity: activity.id, reporter: me.id, reason: "other", text: single("reports.text", 500, i) } })
    assert.equal(res.status, 200, `report: ${JSON.stringify(res.data)}`)
    noteStored(res.data)
    count("reports.text")
  }
  const proposals = []
  for (let i = 0; i < 3; i++) {
    const id = recordId()
    const starts = new Date(Date.now() + (5 + i) * 86400000)
    await mutate(family.token, "propose_activity", {
      dates: [{ activity: id, starts_at: starts.toISOString(), ends_at: new Date(+starts + 3600000).toISOString() }], language: "it", kind: "meeting", submit: true,
      title: single("activities.title", 300, i * 5), summary: single("activities.summary", 600, i * 5 + 1), body: single("activities.body", 1200, i * 5 + 2),
    })
    proposals.push((await api("GET", `/api/collections/activities/records/${id}`, { token: superToken })).data)
  }
  await mutate(staff.token, "decide_activity", {
    activity: proposals[1].id, action: "request_changes", seen: proposals[1].updated, reason_template: "details_missing", reason_text: single("activities.moderation_reason", 1000, 3),
  })
  await mutate(staff.token, "decide_activity", { activity: proposals[2].id, action: "approve", seen: proposals[2].updated })
  await mutate(family.token, "update_proposal", { activity: proposals[2].id, language: "it", title: single("activity_revisions.fields", 300, 9), summary: single("activity_revisions.fields", 600, 11) })
  for (const p of proposals) noteStored((await api("GET", `/api/collections/activities/records/${p.id}`, { token: superToken })).data)
  const revisions = (await api("GET", `/api/collections/activity_revisions/records?filter=${encodeURIComponent(`activity="${proposals[2].id}"`)}`, { token: superToken })).data.items
  assert.equal(revisions.length, 1, "the published proposal's change waits as a revision")
  noteStored(revisions)
  count("activities.moderation_reason"), count("activity_revisions.fields")

  const visible = `(status="approved" || status="cancelled") && ends_at >= "${now}"`
  guestActivities.push(...(await api("GET", `/api/collections/activities/records?perPage=500&fields=id&filter=${encodeURIComponent(visible)}`)).data.items.map((a) => a.id))

  for (const [marker, m] of markers) {
    if (m.value == null) markers.delete(marker) // refused, or a language the server dropped
    else assert.doesNotMatch(m.value, BIDI, `${m.key}: Bidi controls kept at save`)
  }
})

after(async () => {
  await browser?.close()
  await hub?.stop()
})

// What each screen must show at least: the proof that payloads rendered there.
const expected = {
  "/": ["activities.title", "places.name", "centre.tagline"],
  "/calendar": ["activities.title"],
  "/activity/:id": ["activities.title", "activities.summary", "activities.body"],
  "/places": ["places.name", "places.description", "places.hours_note", "places.address", "places.municipality", "places.exceptions"],
  "/services": ["services.name", "services.summary", "services.runner"],
  "/groups": ["groups.name"],
  "/groups/:id": ["groups.name", "groups.description"],
  "/about": ["centre.description", "centre.service_lines", "organizations.name", "organizations.description"],
  "/me": ["users.municipality", "activities.title", "groups.name"],
  "/menu": [], "/language": [], "/signin": [], "/signup": [], // no user content
  // Staff screens (checked as staff; a family is told they are not for it).
  "/staff": [],
  "/staff/moderation": ["activities.title", "users.name"],
  "/staff/moderation/:id": ["activities.title"],
  "/staff/reports": ["activities.title", "reports.text"],
  "/staff/appointments": ["appointment_requests.message", "users.name"],
  "/staff/announcements": ["announcements.title"],
  "/staff/groups": ["groups.name", "users.name"],
  "/staff/directory": ["services.name"],
  "/staff/places/:id": ["places.name"],
  "/staff/audit": ["activities.moderation_reason"], // the decision's reason, as the log keeps it
}
const staffScreen = (route) => route.startsWith("/staff") || route.startsWith("/translate")

/** The route patterns of the app, from pb_public/app.js. */
function appRoutes() {
  const source = readFileSync(join(root, "pb_public", "app.js"), "utf8")
  return [...source.matchAll(/\[\s*"(\/[^"]*)"\s*,\s*\(\)\s*=>\s*import\(/g)].map((m) => m[1])
}

// Canaries, installed before any of the app's code runs.
function canaries() {
  const hits = []
  const hit = (why) => hits.push(String(why))
  Object.defineProperty(window, "__xssHits", { value: hits })
  Object.defineProperty(window, "__xss", { get: () => hit, set: (v) => hit("assigned " + v) })
  window.alert = (m) => hit("alert " + m)
  window.confirm = (m) => (hit("confirm " + m), false)
  window.prompt = (m) => (hit("prompt " + m), null)
  const violations = []
  Object.defineProperty(window, "__csp", { value: violations })
  document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`))
}

/** Everything a screen must not have, and the text it shows. */
function inspect() {
  const problems = []
  const describe = (el) => el.outerHTML.slice(0, 120)
  const safeSchemes = ["http:", "https:", "mailto:", "tel:", "webcal:"]
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) problems.push(`event handler attribute: ${describe(el)}`)
      if (["href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background", "poster"].includes(a.name.toLowerCase()) &&
        /^\s*(javascript|vbscript|data:text)/i.test(a.value)) problems.push(`script URL in ${a.name}: ${describe(el)}`)
    }
    const tag = el.tagName.toLowerCase()
    if (/qxssq/i.test(tag) || /qxssq/i.test(el.getAttribute("class") || "") || /qxssq/i.test(el.id)) problems.push(`payload element: ${describe(el)}`)
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "math", "video", "audio", "source", "animate", "set", "mglyph"].includes(tag)) problems.push(`injected ${tag}: ${describe(el)}`)
    if (tag === "script" && !(el.parentElement === document.head && el.getAttribute("src") === "/app.js")) problems.push(`script: ${describe(el)}`)
    if (["meta", "link", "style", "title"].includes(tag) && el.closest("body")) problems.push(`${tag} in body: ${describe(el)}`)
    if (tag === "meta" && el.hasAttribute("http-equiv")) problems.push(`meta http-equiv: ${describe(el)}`)
    if (tag === "img" && !/\//.test(el.getAttribute("src") || "")) problems.push(`img: ${describe(el)}`)
    if (tag === "form" && el.hasAttribute("action")) problems.push(`form with action: ${describe(el)}`)
  }
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    const url = new URL(a.href, location.href)
    if (url.origin !== location.origin && !safeSchemes.includes(url.protocol)) problems.push(`link to ${url.protocol}: ${describe(a)}`)
  }
  const texts = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim()) continue
    // An option is seen when its list opens, the inside of a closed <details>
    // (the calendar's filters) when it opens: shown when the select or details is.
    const inSelect = n.parentElement.closest("select") || n.parentElement
    const box = inSelect.closest("details:not([open])") || inSelect
    texts.push({ text: n.data, visible: box.checkVisibility({ visibilityProperty: true, opacityProperty: true }) })
  }
  for (const input of document.querySelectorAll("input, textarea")) {
    if (input.value) texts.push({ text: input.value, visible: (input.closest("details:not([open])") || input).checkVisibility() })
  }
  return { problems, texts, hits: [...window.__xssHits], csp: [...window.__csp] }
}

/**
 * Opens a screen without reloading (as a tap on a link does). A screen may
 * send a guest on (My proposals to sign-in): the screen they land on is the
 * one checked.
 */
async function go(page, path) {
  await page.evaluate((p) => {
    delete document.body.dataset.rendered
    history.pushState(null, "", p)
    dispatchEvent(new PopStateEvent("popstate"))
  }, path)
  // Rendered for the address the app is at (a screen may send elsewhere: /signin).
  await page.waitForFunction(() => document.body.dataset.rendered === location.pathname, null, { timeout: 15000 }).catch((err) => {
    throw new Error(`${path} did not render: ${err.message}`)
  })
}

/**
 * Puts script URLs in the url fields of every record the phone keeps (in
 * whichever IndexedDB database and store: a record names its collection, or
 * its store does), as old data or another write path could: links must stay safe.
 */
async function tamperPhoneCopy(page, urlFields) {
  return page.evaluate(async (urlFields) => {
    const done = (req) => new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    let changed = 0
    for (const { name } of await indexedDB.databases()) {
      const db = await done(indexedDB.open(name))
      const stores = [...db.objectStoreNames]
      if (stores.length) {
        const tx = db.transaction(stores, "readwrite")
        for (const storeName of stores) {
          const store = tx.objectStore(storeName)
          const cursorReq = store.openCursor()
          cursorReq.onsuccess = () => {
            const cursor = cursorReq.result
            if (!cursor) return
            const record = cursor.value
            const fields = record && typeof record === "object" ? urlFields[record.collectionName || storeName] : null
            if (fields?.some((f) => f in record)) {
              for (const f of fields) record[f] = `javascript:__xss("phone copy ${f}")`
              cursor.update(record)
              changed++
            }
            cursor.continue()
          }
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve
          tx.onerror = () => reject(tx.error)
        })
      }
      db.close()
    }
    return changed
  }, urlFields)
}

for (const lang of ["it", "ar"]) {
  it(`no payload runs or injects anything on any screen, in ${lang}`, async () => {
    const context = await phone(browser, lang)
    await context.addInitScript(canaries)
    const page = await context.newPage()
    const dialogs = []
    const consoleCSP = []
    page.on("dialog", (d) => (dialogs.push(d.message()), d.dismiss().catch(() => {})))
    page.on("console", (m) => /Content.Security.Policy|Refused to/i.test(m.text()) && consoleCSP.push(m.text()))
    page.on("pageerror", (e) => consoleCSP.push("page error: " + e.message))

    const routes = appRoutes()
    const visited = new Set()
    const shown = new Set()

    async function check(route, path, { as = "guest" } = {}) {
      visited.add(route)
      const where = `${lang} ${as} ${path}`
      const expects = staffScreen(route) && as !== "staff" ? [] : expected[route] || []
      // A screen may still be re-rendering with data the engine just pulled:
      // look again, briefly, until what it should show is there.
      const shows = (texts) => expects.every((key) =>
        [...markers].some(([marker, m]) => m.key === key && texts.some((t) => t.visible && t.text.includes(marker))))
      let sample = await page.evaluate(inspect)
      for (let i = 0; i < 20 && !shows(sample.texts); i++) {
        await page.waitForTimeout(250)
        sample = await page.evaluate(inspect)
      }
      const { problems, texts, hits, csp } = sample
      assert.deepEqual(problems, [], `${where}: injected`)
      assert.deepEqual(hits, [], `${where}: a payload ran`)
      assert.deepEqual(csp, [], `${where}: CSP violations`)
      const seen = new Set()
      for (const { text, visible } of texts) {
        // (The app's own isolates around times are fine; the payloads' overrides are not.)
        assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069](gnp|iso)|(gnp\.exe|iso)[\u202A-\u202E\u2066-\u2069]/, `${where}: a payload's Bidi control on screen`)
        for (const [marker] of text.matchAll(/XSS#\d+#/g)) {
          const m = markers.get(marker)
          if (!m) continue
          // Whole, as visible text: a field parsed as HTML would lose its tags.
          assert.ok(texts.some((t) => t.visible && t.text.includes(m.value)), `${where}: ${m.key} (${m.lang || "-"}) not shown whole as text: ${JSON.stringify(m.value)} in ${JSON.stringify(texts.filter((t) => t.text.includes(marker))).slice(0, 600)}`)
          if (visible) seen.add(m.key)
          // (Staff read every language: the moderation preview and diff, the translation editor.)
          if (m.lang && as !== "staff") assert.equal(m.lang, lang, `${where}: ${m.key} shown in ${m.lang}`)
        }
      }
      for (const key of expects) assert.ok(seen.has(key), `${where}: ${key} not shown`)
      for (const key of seen) shown.add(key)
    }

    // Every route: those without parameters directly, the others through the
    // links the screens show (every activity of the calendar, every group,
    // and whatever a new screen links to), as a guest and then signed in.
    const patterns = routes.map((r) => [r, new RegExp("^" + r.replace(/:(\w+)/g, "[^/]+") + "/?$")])
    const routeOf = (path) => patterns.find(([, re]) => re.test(path))?.[0]
    const tour = async (signedIn) => {
      const queue = routes.filter((r) => !r.includes(":") && (signedIn ? r !== "/signin" && r !== "/signup" : r !== "/me"))
      const done = new Set()
      const perRoute = {}
      while (queue.length) {
        const path = queue.shift()
        if (done.has(path)) continue
        done.add(path)
        await go(page, path)
        await check(routeOf(path), path, { as: signedIn ? "family" : "guest" })
        const links = await page.evaluate(() => [...document.querySelectorAll("a[href]")]
          .map((a) => new URL(a.href)).filter((u) => u.origin === location.origin).map((u) => u.pathname))
        for (const link of links) {
          const route = routeOf(link)
          if (!route?.includes(":") || done.has(link)) continue
          perRoute[route] ??= new Set()
          if (perRoute[route].size < 40) (perRoute[route].add(link), queue.push(link))
        }
      }
      return done
    }
    await page.goto(hub.url + "/")
    await rendered(page, "/")
    await page.waitForFunction(() => /XSS#/.test(document.body.textContent), null, { timeout: 15000 })
    // The first pull lands page by page (with these payloads, several): the
    // tour starts once the phone holds every activity a guest may see.
    await page.waitForFunction(async (ids) => {
      const store = await import("/data/store.js")
      const have = new Set((await store.all("activities")).map((a) => a.id))
      return ids.every((id) => have.has(id))
    }, guestActivities, { timeout: 30000, polling: 200 })
    const guestPaths = await tour(false)
    for (const id of guestActivities) assert.ok(guestPaths.has(`/activity/${id}`), `activity ${id}: no screen links to it`)
    for (const id of publicGroups) assert.ok(guestPaths.has(`/groups/${id}`), `group ${id}: no screen links to it`)

    // A shared link: the server's own page for an activity (Open Graph tags from its title).
    await page.goto(`${hub.url}/activity/${guestActivities[0]}`)
    await rendered(page, `/activity/${guestActivities[0]}`)
    await check("/activity/:id", `/activity/${guestActivities[0]} (server page)`)

    // Script URLs in the phone's own copy still never become links.
    const urlFields = Object.fromEntries(Object.entries(schema).map(([c, fs]) => [c, fs.filter((f) => f.type === "url").map((f) => f.name)]).filter(([, fs]) => fs.length))
    assert.ok((await tamperPhoneCopy(page, urlFields)) > 0, "no record with a url field on the phone")
    for (const route of ["/services", "/about", "/places", "/"]) {
      await go(page, route)
      await check(route, route + " (script URLs in the phone's copy)")
    }

    // As the family: my space, and the screens again with its own records.
    await page.evaluate((auth) => localStorage.setItem("pocketbase_auth", JSON.stringify(auth)), { token: family.token, record: family.record })
    await page.goto(hub.url + "/me")
    await rendered(page, "/me")
    await page.waitForFunction(() => document.querySelector("main .card-title")?.textContent.includes("XSS#"), null, { timeout: 15000 })
    await tour(true)

    // Screens for staff, and a proposal's editor, have no link for a family:
    // opened directly with a real id, they must still show payloads safely
    // (a family is told they are not for it). The staff pass follows.
    for (const route of routes.filter((r) => r.includes(":") && !visited.has(r))) {
      const id = route.startsWith("/staff/places/") ? placeIds[0] : guestActivities[0]
      const path = route.replace(/:(\w+)/g, () => id)
      await go(page, path)
      await check(route, path + " (opened directly)", { as: "family" })
    }

    // As staff: the desk, every tool's screen and the links they show (at
    // most 5 per route with parameters), with every payload written above.
    await page.evaluate((auth) => localStorage.setItem("pocketbase_auth", JSON.stringify(auth)), { token: staff.token, record: staff.record })
    await page.goto(hub.url + "/staff/moderation")
    await rendered(page, "/staff/moderation")
    await page.waitForFunction(() => /XSS#/.test(document.querySelector("main").textContent), null, { timeout: 20000 })
    const staffVisited = new Set()
    {
      const queue = ["/staff"]
      const perRoute = {}
      while (queue.length) {
        const path = queue.shift()
        if (staffVisited.has(path)) continue
        staffVisited.add(path)
        await go(page, path)
        const route = routeOf(path)
        await check(route, path, { as: "staff" })
        const links = await page.evaluate(() => [...document.querySelectorAll("main a[href]")]
          .map((a) => new URL(a.href)).filter((u) => u.origin === location.origin).map((u) => u.pathname))
        for (const link of links) {
          const to = routeOf(link)
          // A tool's links, and the staff screens any screen links to.
          if (!to || staffVisited.has(link) || !(staffScreen(route) || staffScreen(to))) continue
          if (!to.includes(":")) queue.push(link)
          else if ((perRoute[to] ??= new Set()).size < 5) (perRoute[to].add(link), queue.push(link))
        }
      }
    }
    const staffRoutes = new Set([...staffVisited].map(routeOf))
    assert.deepEqual(routes.filter((r) => staffScreen(r) && !staffRoutes.has(r)), [], "staff screens the staff tour did not reach")

    assert.deepEqual(dialogs, [], "dialogs opened")
    assert.deepEqual(consoleCSP, [], "CSP reports or page errors in the console")
    assert.deepEqual(routes.filter((r) => !visited.has(r)), [], "routes of app.js this test did not visit")
    assert.ok(shown.has("activities.title") && shown.has("activities.body"), "activity pages show their payloads")
    const unseen = Object.keys(written).filter((k) => !shown.has(k))
    console.log(`[xss ${lang}] ${markers.size} payloads; shown: ${[...shown].sort().join(", ")}`)
    console.log(`[xss ${lang}] written, not on any screen: ${unseen.sort().join(", ")}`)
    console.log(`[xss ${lang}] refused by the server: ${Object.entries(refused).map(([k, c]) => `${k} (${c})`).join(", ")}`)
    await context.close()
  })
}
