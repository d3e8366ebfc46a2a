// The data module: the only code that touches the network and IndexedDB
// (with engine.js, the sync engine, and account.js, the online-only account
// calls, both loaded on demand). Protocol: docs/SYNC.md.
//
// This file is on the first visit's path, so it stays small: the session
// (who is signed in, read from the SDK's localStorage entry without loading
// the SDK), the reads the screens make (the server's state as last pulled,
// with the pending outbox mutations applied on top: the rebase), and the
// pull. Writes, sending, realtime and tab coordination live in engine.js.
//
// IndexedDB: "hug" keeps what belongs to the device (language, messages,
// vocabulary); "hug:<userId>" or "hug:guest" keeps a person's data:
//   records  every synced record, key [collectionName, id]
//   outbox   pending mutations {seq, id, name, args, where, created, state, error, ack}
//   meta     cursor, updated (when the last pull landed)

import { openDB, deleteDB } from "/vendor/idb.js"
import { mutators } from "./mutators.js"

/** "change" after data lands or the outbox moves; "auth" on sign in/out; "language"; "status". */
export const events = new EventTarget()

const device = openDB("hug", 2, {
  upgrade(db) {
    // Version 1 kept the data here, re-listed whole at each refresh.
    for (const name of [...db.objectStoreNames]) if (name !== "meta") db.deleteObjectStore(name)
    if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta")
  },
})

// --- the session --------------------------------------------------------------

const AUTH_KEY = "pocketbase_auth" // the SDK's LocalAuthStore entry

/** @returns {{token: string, record: any}} */
function readAuth() {
  try {
    const stored = JSON.parse(localStorage.getItem(AUTH_KEY) || "null")
    return { token: stored?.token || "", record: stored?.record || null }
  } catch {
    return { token: "", record: null }
  }
}

function unexpired(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")))
    return !payload.exp || payload.exp * 1000 > Date.now() + 10000
  } catch {
    return false
  }
}

/**
 * A person's data on this phone. A session whose token expired keeps its
 * database (and outbox) until the person signs in again.
 * @typedef {{key: string, userId: string, db: Promise<import("/vendor/idb.js").IDBPDatabase>, view: Promise<Map<string, any>> | null}} Session
 */

/** @param {string} userId @returns {Session} */
function openSession(userId) {
  const key = "hug:" + (userId || "guest")
  /** @type {Session} */
  const s = { key, userId, view: null, db: null }
  s.db = openDB(key, 1, {
    upgrade(db) {
      db.createObjectStore("records", { keyPath: ["collectionName", "id"] })
      db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true })
      db.createObjectStore("meta")
    },
    // Another tab signs this person out and deletes the database.
    blocking: () => s.db.then((db) => db.close()),
  })
  return s
}

let auth = readAuth()
/** @type {Session} */
let session = openSession(auth.record?.id || "")

/** The session now (the engine checks it did not change under a request). */
export function current() {
  return session
}

/** The signed-in person (also when the session expired offline), or null. */
export function currentUser() {
  return auth.record
}

/** The token, when it is still valid. */
export function token() {
  return auth.token && unexpired(auth.token) ? auth.token : ""
}

/** Signed in with a session that has expired: writes wait for a new sign-in. */
export function sessionExpired() {
  return !!auth.record && !token()
}

/**
 * Re-reads who is signed in (after a sign-in or sign-out here or in another
 * tab) and opens that person's data. A pull still running for the previous
 * person finds the session changed and writes nothing.
 */
export function sessionChanged() {
  auth = readAuth()
  const userId = auth.record?.id || ""
  if (userId !== session.userId) session = openSession(userId)
  events.dispatchEvent(new Event("auth"))
}

/** Forgets the signed-in person on this phone: their data and their outbox. */
export async function clearSession() {
  const old = session
  localStorage.removeItem(AUTH_KEY)
  sessionChanged()
  if (old.userId) {
    ;(await old.db).close()
    await deleteDB(old.key)
  }
}

let requestLang = "it"
/** The language errors should come back in. */
export function setRequestLang(code) {
  requestLang = code
}
export function language() {
  return requestLang
}

/** Headers of a request made for session s (its token, if still its person's). */
export function headers(s = session) {
  const h = { "Accept-Language": requestLang }
  const t = token()
  if (t && s.userId && s.userId === auth.record?.id) h.Authorization = t
  return h
}

// --- reads: the server's state with the outbox on top --------------------------

const keyOf = (collection, id) => collection + "/" + id

/**
 * The outbox applied to the server's records by the local mutators: a map
 * of the records they touch (null: deleted), each marked `_pending` while its
 * mutation waits to be sent. Cached until the records or the outbox change.
 * @param {Session} s
 */
function view(s) {
  s.view ??= (async () => {
    const db = await s.db
    const outbox = await db.getAll("outbox")
    /** @type {Map<string, any>} */
    const changed = new Map()
    let pending = false
    /** @type {import("./mutators.js").LocalView} */
    const local = {
      user: s.userId,
      async get(collection, id) {
        const k = keyOf(collection, id)
        if (changed.has(k)) return changed.get(k) ?? undefined
        return db.get("records", [collection, id])
      },
      put(collection, record) {
        changed.set(keyOf(collection, record.id), { ...record, collectionName: collection, _pending: pending })
      },
      del(collection, id) {
        changed.set(keyOf(collection, id), null)
      },
    }
    for (const m of outbox) {
      if (m.state === "rejected") continue // shown where it happened, not applied
      pending = m.state === "pending"
      await mutators[m.name]?.apply(local, m.args).catch(() => {})
    }
    return changed
  })()
  return s.view
}

/** Drops the cached view (the engine calls this when the outbox moves). */
export function invalidate(s = session) {
  s.view = null
}

/**
 * Runs a read in the current session; a read whose session was signed out
 * meanwhile (its database closing, then deleted) runs again in the new one,
 * so a screen rendering during a sign-out reads the guest's data instead of
 * failing.
 * @template T @param {(s: Session) => Promise<T>} read @returns {Promise<T>}
 */
async function inSession(read) {
  for (;;) {
    const s = session
    try {
      return await read(s)
    } catch (err) {
      if (s === session) throw err
    }
  }
}

/** @param {string} collection */
export function all(collection) {
  return inSession((s) => allIn(s, collection))
}

/** @param {Session} s @param {string} collection */
async function allIn(s, collection) {
  const db = await s.db
  const base = await db.getAll("records", IDBKeyRange.bound([collection, ""], [collection, "\uffff"]))
  const changed = await view(s)
  const out = []
  for (const r of base) {
    const k = keyOf(collection, r.id)
    if (!changed.has(k)) out.push(r)
  }
  for (const [k, r] of changed) if (r && k.startsWith(collection + "/")) out.push(r)
  return out
}

/** @param {string} collection @param {string} id */
export function one(collection, id) {
  return inSession(async (s) => {
    const changed = await view(s)
    const k = keyOf(collection, id)
    if (changed.has(k)) return changed.get(k) ?? undefined
    return (await s.db).get("records", [collection, id])
  })
}

/** The person's own profile as this phone knows it (changes waiting to send included). */
export async function profile() {
  const user = currentUser()
  if (!user) return null
  return (await one("users", user.id)) || user
}

/** The person's own registrations and memberships (others' reach an organizer too). */
export async function mine(collection) {
  const user = currentUser()
  return user ? (await all(collection)).filter((r) => r.user === user.id) : []
}

/** When data was last pulled from the server (ms), or 0. */
export function lastUpdated() {
  return inSession(async (s) => (await (await s.db).get("meta", "updated")) || 0)
}

/**
 * The outbox as the shell and the screens show it: how many changes wait,
 * and the refused ones, each with its reason and the screen it was made on.
 * @returns {Promise<{pending: number, rejected: any[]}>}
 */
export async function outbox() {
  const items = await inSession(async (s) => (await s.db).getAll("outbox"))
  return { pending: items.filter((m) => m.state === "pending").length, rejected: items.filter((m) => m.state === "rejected") }
}

// --- pull -----------------------------------------------------------------------

/** An HTTP answer that was not a success, with what the engine needs to retry. */
export class HttpError extends Error {
  /** @param {Response} res @param {any} body */
  constructor(res, body) {
    super(body?.message || String(res.status))
    this.status = res.status
    this.response = body || {}
    this.retryAfter = res.headers.get("Retry-After")
  }
}

/**
 * Pulls the changes since the cursor (a snapshot when there is none) into
 * the session's database. Each page lands in one transaction with its
 * cursor; a reset replaces the records (one transaction: no empty screen);
 * outbox entries the server applied and this page includes are dropped in
 * the same transaction, so they never show twice nor vanish.
 * @returns {Promise<number>} the cursor reached
 */
export async function pull() {
  const s = session
  if (s.userId && !token()) return -1 // expired: keep what we have until a new sign-in
  const db = await s.db
  let cursor = await db.get("meta", "cursor")
  // The feed sends the texts of the reading chain only (internal/reading):
  // pulled with another chain, the phone starts again from a snapshot.
  const langs = (await readingLanguages()).join(",")
  if ((await db.get("meta", "langs")) !== langs) cursor = null
  for (;;) {
    const res = await fetch("/api/hub/sync?langs=" + langs + (cursor != null ? "&cursor=" + cursor : ""), { headers: headers(s) })
    const body = await res.json().catch(() => null)
    if (!res.ok) throw new HttpError(res, body)
    if (s !== session) return -1 // signed out meanwhile: not the current person's data
    await land(s, { ...body, langs })
    cursor = body.cursor
    if (!body.more) return cursor
  }
}

/** @param {Session} s @param {{cursor: number, reset: boolean, changes: any[]}} page */
async function land(s, page) {
  const db = await s.db
  const tx = db.transaction(["records", "outbox", "meta"], "readwrite")
  const records = tx.objectStore("records")
  if (page.reset) {
    const keep = new Set(page.changes.filter((c) => c.op === "put").map((c) => keyOf(c.collection, c.id)))
    for (let c = await records.openKeyCursor(); c; c = await c.continue()) {
      const [collection, id] = /** @type {string[]} */ (c.primaryKey)
      if (!keep.has(keyOf(collection, id))) records.delete(c.primaryKey)
    }
  }
  for (const c of page.changes) {
    if (c.op === "put") records.put({ ...c.record, collectionName: c.collection })
    else records.delete([c.collection, c.id])
  }
  const outbox = tx.objectStore("outbox")
  for (let c = await outbox.openCursor(); c; c = await c.continue()) {
    if (c.value.state === "applied" && c.value.ack <= page.cursor) c.delete()
  }
  tx.objectStore("meta").put(page.cursor, "cursor")
  if (page.reset) tx.objectStore("meta").put(page.langs, "langs")
  tx.objectStore("meta").put(Date.now(), "updated")
  await tx.done
  s.view = null
  if (s === session) events.dispatchEvent(new Event("change"))
}

/** One activity from the server, for a link to one this phone does not hold yet. */
export async function fetchActivity(id) {
  const res = await fetch("/api/collections/activities/records/" + encodeURIComponent(id), { headers: headers() })
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new HttpError(res, body)
  return body
}

// --- writes: through the outbox (engine.js, loaded on first use) ---------------

/** The sync engine, loaded after the first paint (app.js) or on the first write. */
export function engine() {
  return import("./engine.js")
}

/**
 * Makes a change: stored in the outbox, shown at once, sent when the network
 * allows. `where` is the screen it belongs to (a refusal is shown there);
 * `replaces` a refused mutation this one corrects.
 * @param {string} name @param {any} args @param {{where: string, replaces?: string}} options
 */
export async function mutate(name, args, options) {
  return (await engine()).mutate(name, args, options)
}

/** Drops a refused change the person chose not to correct. */
export async function discard(mutationId) {
  return (await engine()).discard(mutationId)
}

// --- device: language, messages, vocabulary ------------------------------------

/** The UI messages of a language, from the server when reachable, else the copy kept offline. */
export async function messages(code) {
  const db = await device
  try {
    const bundle = await revalidated("i18n:" + code, `/api/hub/i18n/${encodeURIComponent(code)}`)
    await db.put("meta", code, "i18n:last")
    return bundle
  } catch (err) {
    // A language chosen offline that this phone never downloaded: the one
    // in use stays until the network is back.
    const last = await db.get("meta", "i18n:last")
    const kept = last && last !== code && (await db.get("meta", "i18n:" + last))
    if (kept) return kept.value ?? kept.bundle
    throw err
  }
}

/**
 * The desk part of a language's messages (the staff's and mediators'
 * screens: internal/i18n DeskPrefixes), kept for offline use like the rest;
 * a family's phone never downloads it.
 * @param {string} code a language the hub has (the bundle's lang)
 */
export async function deskMessages(code) {
  return revalidated("i18n-desk:" + code, `/api/hub/i18n/${encodeURIComponent(code)}/desk`)
}

/**
 * The hub's vocabulary (languages, age bands, kinds, roles, time zone: what
 * Go defines once), from GET /api/hub/config, revalidated with its ETag and
 * kept for offline use like the messages.
 */
export async function vocabulary() {
  return revalidated("vocab", "/api/hub/config")
}

async function revalidated(key, url) {
  const db = await device
  const kept = await db.get("meta", key)
  // Version 1 kept the value under "bundle" or "vocab".
  const cached = kept && { etag: kept.etag, value: kept.value ?? kept.bundle ?? kept.vocab }
  try {
    const res = await fetch(url, { headers: cached ? { "If-None-Match": cached.etag } : {} })
    if (res.status === 304 && cached) return cached.value
    if (!res.ok) throw new Error(String(res.status))
    const value = await res.json()
    await db.put("meta", { etag: res.headers.get("ETag"), value }, key)
    return value
  } catch (err) {
    if (cached) return cached.value
    throw err
  }
}

/** A value this phone keeps for itself, whoever is signed in (data/push.js). */
export async function deviceValue(key) {
  return (await device).get("meta", key)
}

export async function keepDeviceValue(key, value) {
  await (await device).put("meta", value, key)
}

/** The language the person chose, or "" to follow the browser. */
export async function chosenLanguage() {
  return (await (await device).get("meta", "language")) || ""
}

/** Keeps the choice on this phone and, when signed in, puts it first in the profile. */
export async function chooseLanguage(code) {
  await (await device).put("meta", code, "language")
  const chain = await readingLanguages()
  await (await device).put("meta", [code, ...chain.filter((c) => c !== code)], "chain")
  if (currentUser()) await mutate("set_language", { language: code }, { where: "/language" })
}

/**
 * The reading chain: the languages the person reads, most preferred first
 * (the first is the interface's). Signed in, their profile's `languages`;
 * else what this phone chose on /language; else the interface language.
 * @returns {Promise<string[]>}
 */
export async function readingLanguages() {
  const mine = (list) => (Array.isArray(list) ? list.filter((c) => typeof c === "string" && /^[a-z]{2}$/.test(c)) : [])
  const me = currentUser() && (await one("users", currentUser().id).catch(() => null))
  const profile = mine(me?.languages ?? currentUser()?.languages)
  if (profile.length) return profile
  const kept = mine(await (await device).get("meta", "chain"))
  return kept.length ? kept : [requestLang]
}

/**
 * Sets the reading chain (the order on /language): kept on this phone,
 * its first language becomes the interface's, and when signed in it is the
 * profile's `languages` (update_profile; the hub resets this person's feed
 * when the languages change, so the new ones arrive).
 * @param {string[]} codes
 */
export async function chooseChain(codes) {
  await (await device).put("meta", codes, "chain")
  await (await device).put("meta", codes[0], "language")
  if (currentUser()) await mutate("update_profile", { languages: codes }, { where: "/language" })
  events.dispatchEvent(new Event("language"))
}

/**
 * Services and activities whose texts, in the languages the person reads,
 * hold every word of q (GET /api/hub/search: accents, case and Arabic
 * diacritics ignored, ordered by the language's collation), as
 * [{collection, id, text, lang}]; null when the hub cannot be reached (the
 * screens then fold and filter what the phone holds, the same way).
 * @param {string} q
 */
export async function searchOnline(q) {
  if (typeof navigator !== "undefined" && navigator.onLine === false) return null
  try {
    const langs = (await readingLanguages()).join(",")
    const res = await fetch("/api/hub/search?q=" + encodeURIComponent(q) + "&langs=" + langs, { headers: headers() })
    if (!res.ok) return null
    return (await res.json()).results
  } catch {
    return null
  }
}

// --- accounts: online only (account.js, with the SDK, loaded on demand) --------

const account = () => import("./account.js")

/**
 * After signing in on a phone where nobody chose a language yet, the
 * person's own language (from their profile) takes over from the browser's.
 */
async function afterSignIn() {
  sessionChanged()
  const preferred = auth.record?.languages?.[0]
  if (preferred && !(await chosenLanguage())) {
    await (await device).put("meta", preferred, "language")
    events.dispatchEvent(new Event("language"))
  }
  await (await engine()).syncNow().catch(() => {})
}

export async function signIn(email, password) {
  await (await account()).signIn(email, password)
  await afterSignIn()
}

/** Sends a one-time code by e-mail; returns the id to sign in with it. */
export async function requestCode(email) {
  return (await account()).requestCode(email)
}

/**
 * Creates the person's own account and sends the code that confirms the
 * address and signs them in.
 * @param {{email: string, name: string, role: string, languages: string[], municipality: string,
 *   children_age_bands: string[], password: string, privacy_accepted: boolean}} person
 * @returns {Promise<string>} the code's id, for signInWithCode
 */
export async function signUp(person) {
  return (await account()).signUp(person)
}

export async function signInWithCode(otpId, code) {
  await (await account()).signInWithCode(otpId, code)
  await afterSignIn()
}

/** Signs out and deletes this person's data on the phone (the screen warns first when changes wait). */
export async function signOut() {
  await clearSession()
}

/** Everything the hub holds about the signed-in person: a JSON file and its name. */
export async function exportMyData() {
  return (await account()).exportMyData()
}

/** Deletes the signed-in person's account on the hub, then what this phone kept of it. */
export async function deleteAccount() {
  await (await account()).deleteAccount()
  await clearSession()
}

addEventListener("storage", (e) => {
  if (e.key === AUTH_KEY) sessionChanged()
})
