// Web Push on this phone (internal/push): the subscription, what the person
// wants to receive, and the check at every start. Loaded on demand: by the
// notifications screen, and after the first paint when notifications are on
// (app.js), never on a first visit's path.
//
// The hub keeps one subscription per browser endpoint:
//   GET    /api/hub/push/key            the VAPID public key
//   POST   /api/hub/push/subscriptions  {endpoint, keys: {p256dh, auth}, language, receive} (guest or signed in)
//   DELETE /api/hub/push/subscriptions  {endpoint}
// The browser may change or drop a subscription at any time, and the hub
// drops one unused for 60 days: so at every start (recheck) the app compares
// what the browser holds with what it last sent, subscribes again if the
// browser dropped it or the hub's key changed, and posts it again when
// anything changed (endpoint, keys, language, account, choices) or a day
// went by.

import * as store from "./store.js"
import { vocab } from "../vocab.js"

const SENT = "push:sent" // device value: {on, endpoint, sig, at}
const RECEIVE = "push:receive" // device value, per person ("push:receive:<user>" or ":guest"): what this phone follows
const REPOST_MS = 24 * 3600 * 1000

/**
 * What this browser can do:
 *  "ok"          push works here
 *  "ios-install" an iPhone or iPad: push only reaches an app added to the Home Screen
 *  "ios-old"     an iPhone or iPad before iOS 16.4: no push at all
 *  "no-push"     a browser without the Push API
 * @returns {"ok" | "ios-install" | "ios-old" | "no-push"}
 */
export function support() {
  const ua = navigator.userAgent
  const ios = /iphone|ipad|ipod/i.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1)
  if (ios) {
    const m = ua.match(/OS (\d+)[_.](\d+)/)
    if (m && (Number(m[1]) < 16 || (Number(m[1]) === 16 && Number(m[2]) < 4))) return "ios-old"
    const installed = matchMedia("(display-mode: standalone)").matches || /** @type {any} */ (navigator).standalone === true
    if (!installed) return "ios-install"
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in self) || !("Notification" in self)) return "no-push"
  return "ok"
}

/** "granted", "denied" or "default" (not asked yet). */
export function permission() {
  return "Notification" in self ? Notification.permission : "default"
}

/** The kinds of notification a person may choose from (a guest: the public ones). */
export function kindsFor(signedIn) {
  return (signedIn ? vocab.notify_kinds : vocab.notify_guest_kinds) || []
}

// The default quiet hours (internal/vocab QuietFrom, QuietTo): what the hub
// applies when a person never chose.
const QUIET = { from: "21:00", to: "08:00" }

/**
 * The choices as the screen shows them: the kinds and groups received.
 * @typedef {{kinds: string[], groups: string[], quiet: {from: string, to: string}, previews: boolean}} Choices
 *
 * Stored (internal/notify, prefs.go) as
 *  - a person's users.notify_prefs: {kinds: {kind: false}, groups: {group: false}, quiet, previews},
 *    everything on unless turned off (their groups are the ones they are members of);
 *  - a subscription's `receive`: for a guest {kinds: [...], groups: [...], quiet, previews}, what it
 *    follows; for a signed-in phone {groups: [...]}, public groups it follows without being a member.
 */

/** The groups the person is a member of. */
async function memberGroups() {
  return (await store.mine("memberships")).filter((m) => m.status === "member" || m.status === "active").map((m) => m.group)
}

/** @returns {Promise<Choices>} */
export async function choices() {
  const user = store.currentUser()
  if (!user) {
    const r = (await store.deviceValue(RECEIVE + ":guest")) || {}
    return { kinds: r.kinds || kindsFor(false), groups: r.groups || [], quiet: r.quiet || QUIET, previews: !!r.previews }
  }
  const me = await store.profile()
  const p = me?.notify_prefs && typeof me.notify_prefs === "object" ? me.notify_prefs : {}
  const followed = (await store.deviceValue(RECEIVE + ":" + user.id))?.groups || []
  const members = (await memberGroups()).filter((g) => p.groups?.[g] !== false)
  return {
    kinds: kindsFor(true).filter((k) => p.kinds?.[k] !== false),
    groups: [...new Set([...members, ...followed])],
    quiet: p.quiet || QUIET,
    previews: !!p.previews,
  }
}

/** What the subscription carries (see Choices). */
async function receive() {
  const user = store.currentUser()
  const r = (await store.deviceValue(RECEIVE + ":" + (user ? user.id : "guest"))) || {}
  return user ? { groups: r.groups || [] } : { kinds: r.kinds || kindsFor(false), groups: r.groups || [], quiet: r.quiet || QUIET, previews: !!r.previews }
}

/**
 * Saves the choices: a person's in their profile through the outbox (every
 * device of theirs follows them; works offline), a guest's on this phone;
 * the subscription carries what the hub keeps with it.
 * @param {Choices} c
 */
export async function saveChoices(c) {
  const user = store.currentUser()
  if (user) {
    const members = await memberGroups()
    const prefs = {
      kinds: Object.fromEntries(kindsFor(true).filter((k) => !c.kinds.includes(k)).map((k) => [k, false])),
      groups: Object.fromEntries(members.filter((g) => !c.groups.includes(g)).map((g) => [g, false])),
      quiet: c.quiet,
      previews: c.previews,
    }
    await store.keepDeviceValue(RECEIVE + ":" + user.id, { groups: c.groups.filter((g) => !members.includes(g)) })
    await store.mutate("set_notify_prefs", prefs, { where: "/me/notifications" })
  } else {
    await store.keepDeviceValue(RECEIVE + ":guest", c)
  }
  if (await isOn()) await recheck()
}

/** Notifications turned on here (and the browser still agrees). */
export async function isOn() {
  if (support() !== "ok" || permission() !== "granted") return false
  const reg = await navigator.serviceWorker.getRegistration("/")
  const sub = await reg?.pushManager.getSubscription()
  return !!sub && !!(await store.deviceValue(SENT))?.on
}

/** @param {string} b64 base64url @returns {Uint8Array} */
function bytes(b64) {
  const s = atob(b64.replace(/-/g, "+").replace(/_/g, "/"))
  return Uint8Array.from(s, (c) => c.charCodeAt(0))
}

/** @param {ArrayBuffer | null | undefined} a @param {Uint8Array} b */
function sameBytes(a, b) {
  if (!a) return true // the browser does not say: trust it
  const x = new Uint8Array(a)
  return x.length === b.length && x.every((v, i) => v === b[i])
}

async function hubKey() {
  const res = await fetch("/api/hub/push/key")
  if (!res.ok) throw new store.HttpError(res, await res.json().catch(() => null))
  return bytes((await res.json()).publicKey)
}

async function call(method, body) {
  const res = await fetch("/api/hub/push/subscriptions", {
    method,
    headers: { ...store.headers(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  })
  const answer = await res.json().catch(() => null)
  if (!res.ok) throw new store.HttpError(res, answer)
  return answer
}

/**
 * Turns notifications on. Call it from the person's tap, first thing: the
 * browser asks for permission only from a tap (never on load).
 * @returns {Promise<"on" | "denied" | "default">}
 */
export async function turnOn() {
  const asked = await Notification.requestPermission()
  if (asked !== "granted") return asked
  await store.keepDeviceValue(SENT, { ...((await store.deviceValue(SENT)) || {}), on: true, sig: "" })
  await recheck({ force: true })
  return "on"
}

/** Turns them off here: the browser's subscription and the hub's copy go. */
export async function turnOff() {
  const kept = await store.deviceValue(SENT)
  await store.keepDeviceValue(SENT, { on: false })
  const reg = await navigator.serviceWorker.getRegistration("/")
  const sub = await reg?.pushManager.getSubscription()
  const endpoint = sub?.endpoint || kept?.endpoint
  await sub?.unsubscribe().catch(() => {})
  if (endpoint) await call("DELETE", { endpoint }).catch(() => {})
}

/**
 * The check at every start (and after a change of account, language or
 * choices): subscribes again if the browser dropped the subscription or the
 * hub's key changed, and posts it when anything changed since the last post
 * (or a day went by, so the hub knows it is still used).
 */
export async function recheck({ force = false } = {}) {
  if (support() !== "ok" || permission() !== "granted") return
  const kept = (await store.deviceValue(SENT)) || {}
  if (!kept.on) return
  const reg = await navigator.serviceWorker.ready
  let sub = await reg.pushManager.getSubscription()
  const key = await hubKey()
  if (sub && !sameBytes(sub.options?.applicationServerKey, key)) {
    await sub.unsubscribe().catch(() => {})
    sub = null
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
  const json = sub.toJSON()
  const body = { endpoint: sub.endpoint, keys: { p256dh: json.keys?.p256dh, auth: json.keys?.auth }, language: store.language(), receive: await receive() }
  const sig = JSON.stringify([body, store.currentUser()?.id || ""])
  if (!force && kept.sig === sig && Date.now() - (kept.at || 0) < REPOST_MS) return
  if (kept.endpoint && kept.endpoint !== body.endpoint) await call("DELETE", { endpoint: kept.endpoint }).catch(() => {})
  await call("POST", body)
  await store.keepDeviceValue(SENT, { on: true, endpoint: body.endpoint, sig, at: Date.now() })
}

let started = false

/**
 * At every start (app.js, after the first paint) and once notifications are
 * turned on: the subscription is checked (and again when the person signs
 * in or out: the hub links it to who is signed in); a tap on a notification
 * opens its screen in this page and marks it read; a push that arrives
 * brings its inbox row.
 * @param {(href: string) => void} navigate
 */
export function start(navigate) {
  if (started) return
  started = true
  navigator.serviceWorker.addEventListener("message", async (e) => {
    const msg = e.data || {}
    if (msg.type === "OPEN" && typeof msg.url === "string" && msg.url.startsWith("/")) {
      const row = msg.id && store.currentUser() && (await store.all("notifications")).find((n) => n.notice === msg.id && !n.read_at)
      if (row) store.mutate("read_notifications", { ids: [row.id] }, { where: "/inbox" }).catch(() => {})
      navigate(msg.url)
    }
    if (msg.type === "PUSH") store.engine().then((engine) => engine.syncNow()).catch(() => {})
  })
  let signedInAs = store.currentUser()?.id || ""
  store.events.addEventListener("auth", () => {
    const now = store.currentUser()?.id || ""
    const signedOut = signedInAs !== "" && signedInAs !== now
    signedInAs = now
    ;(signedOut ? newAddress() : Promise.resolve()).then(() => recheck()).catch(() => {})
  })
  recheck().catch(() => {})
}

/**
 * After a sign-out the phone drops its push address, even offline: what the
 * hub still sends to the old one (linked to the person who left) no longer
 * reaches this phone. The next recheck subscribes anew as a guest and tells
 * the hub to forget the old address (SENT keeps it until then).
 */
async function newAddress() {
  const kept = await store.deviceValue(SENT)
  if (!kept?.on) return
  const reg = await navigator.serviceWorker.getRegistration("/")
  const sub = await reg?.pushManager.getSubscription()
  await sub?.unsubscribe().catch(() => {})
  await store.keepDeviceValue(SENT, { ...kept, endpoint: kept.endpoint || sub?.endpoint, sig: "" })
}

/** The notifications this phone showed (the service worker's list): the inbox of a guest. */
export async function shownHere() {
  const req = indexedDB.open("hug-push")
  req.onupgradeneeded = () => req.transaction?.abort()
  try {
    const db = await new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error) })
    try {
      if (!db.objectStoreNames.contains("shown")) return []
      const all = db.transaction("shown").objectStore("shown").getAll()
      return await new Promise((resolve, reject) => { all.onsuccess = () => resolve(all.result); all.onerror = () => reject(all.error) })
    } finally {
      db.close()
    }
  } catch {
    return []
  }
}
