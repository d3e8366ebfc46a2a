// The data module: the only code that touches the network and IndexedDB.
// Screens read from IndexedDB (so they work offline) and ask this module to
// refresh. Until the sync engine lands, a refresh re-lists each public
// collection whole; the exported functions are the seam it will replace.

import PocketBase from "/vendor/pocketbase.es.mjs"
import { openDB } from "/vendor/idb.js"

export const pb = new PocketBase(location.origin)
pb.autoCancellation(false)

/** Fired with type "change" after new data lands, "auth" on sign in/out. */
export const events = new EventTarget()

// What the reading screens show, and only what a guest may see: a signed-in
// staff member's pending activities must not enter the public calendar.
const PUBLIC = {
  centre: {},
  places: { sort: "sort" },
  services: { sort: "category" },
  groups: { filter: "public = true" },
  activities: { filter: '(status = "approved" || status = "cancelled") && ends_at >= @now', sort: "starts_at" },
  organizations: { filter: "verified = true", sort: "name" },
}
const MINE = ["my_registrations", "my_memberships"]

const dbPromise = openDB("hug", 1, {
  upgrade(db) {
    for (const name of [...Object.keys(PUBLIC), ...MINE]) db.createObjectStore(name, { keyPath: "id" })
    db.createObjectStore("meta")
  },
})

let requestLang = "it"
/** The language errors should come back in. */
export function setRequestLang(code) {
  requestLang = code
}
pb.beforeSend = (url, options) => {
  options.headers = { ...options.headers, "Accept-Language": requestLang }
  return { url, options }
}

/** @param {string} collection */
export async function all(collection) {
  return (await dbPromise).getAll(collection)
}

/** @param {string} collection @param {string} id */
export async function one(collection, id) {
  return (await dbPromise).get(collection, id)
}

/** When data was last refreshed from the server (ms), or 0. */
export async function lastUpdated() {
  return (await (await dbPromise).get("meta", "updated")) || 0
}

/** Replaces the content of stores with fresh lists, all in one transaction. */
async function replace(lists) {
  const db = await dbPromise
  const tx = db.transaction([...Object.keys(lists), "meta"], "readwrite")
  for (const [name, records] of Object.entries(lists)) {
    const store = tx.objectStore(name)
    await store.clear()
    for (const r of records) await store.put(r)
  }
  await tx.objectStore("meta").put(Date.now(), "updated")
  await tx.done
}

let refreshing = null
/** Fetches the public collections (and the user's own records); shared by concurrent callers. */
export function refresh() {
  refreshing ??= (async () => {
    try {
      const entries = await Promise.all(
        Object.entries(PUBLIC).map(async ([name, query]) => [name, await pb.collection(name).getFullList({ batch: 500, ...query })]),
      )
      const lists = Object.fromEntries(entries)
      if (pb.authStore.isValid) Object.assign(lists, await fetchMine())
      await replace(lists)
      events.dispatchEvent(new Event("change"))
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

async function fetchMine() {
  const user = pb.authStore.record.id
  const [registrations, memberships] = await Promise.all([
    pb.collection("registrations").getFullList({ filter: pb.filter("user = {:user}", { user }), expand: "activity", sort: "-created" }),
    pb.collection("memberships").getFullList({ filter: pb.filter("user = {:user}", { user }), expand: "group" }),
  ])
  return { my_registrations: registrations, my_memberships: memberships }
}

/** The UI messages of a language, from the server when reachable, else the copy kept offline. */
export async function messages(code) {
  const db = await dbPromise
  const key = "i18n:" + code
  const cached = await db.get("meta", key)
  try {
    const res = await fetch(`/api/hub/i18n/${encodeURIComponent(code)}`, {
      headers: cached ? { "If-None-Match": cached.etag } : {},
    })
    if (res.status === 304 && cached) return cached.bundle
    if (!res.ok) throw new Error(String(res.status))
    const bundle = await res.json()
    await db.put("meta", { etag: res.headers.get("ETag"), bundle }, key)
    return bundle
  } catch (err) {
    if (cached) return cached.bundle
    throw err
  }
}

/**
 * The hub's vocabulary (languages, age bands, kinds, roles, time zone: what
 * Go defines once), from GET /api/hub/config, revalidated with its ETag and
 * kept for offline use like the messages. A few hundred bytes, fetched
 * alongside the messages at start.
 */
export async function vocabulary() {
  const db = await dbPromise
  const cached = await db.get("meta", "vocab")
  try {
    const res = await fetch("/api/hub/config", { headers: cached ? { "If-None-Match": cached.etag } : {} })
    if (res.status === 304 && cached) return cached.vocab
    if (!res.ok) throw new Error(String(res.status))
    const vocab = await res.json()
    await db.put("meta", { etag: res.headers.get("ETag"), vocab }, "vocab")
    return vocab
  } catch (err) {
    if (cached) return cached.vocab
    throw err
  }
}

/** The language the person chose, or "" to follow the browser. */
export async function chosenLanguage() {
  return (await (await dbPromise).get("meta", "language")) || ""
}

export async function chooseLanguage(code) {
  await (await dbPromise).put("meta", code, "language")
  if (pb.authStore.isValid) {
    const record = pb.authStore.record
    const languages = [code, ...(record.languages || []).filter((l) => l !== code)]
    // Offline, the choice still holds on this phone; the profile follows next time.
    await saveProfile({ languages }).catch(() => {})
  }
}

// --- accounts -------------------------------------------------------------

export function currentUser() {
  return pb.authStore.isValid ? pb.authStore.record : null
}

/**
 * After signing in on a phone where nobody chose a language yet, the
 * person's own language (from their profile) takes over from the browser's.
 */
async function afterSignIn() {
  const preferred = pb.authStore.record?.languages?.[0]
  if (preferred && !(await chosenLanguage())) {
    await (await dbPromise).put("meta", preferred, "language")
    events.dispatchEvent(new Event("language"))
  }
  events.dispatchEvent(new Event("auth"))
  await refresh().catch(() => {})
}

export async function signIn(email, password) {
  await pb.collection("users").authWithPassword(email, password)
  await afterSignIn()
}

/** Sends a one-time code by e-mail; returns the id to sign in with it. */
export async function requestCode(email) {
  const { otpId } = await pb.collection("users").requestOTP(email)
  return otpId
}

/**
 * Creates the person's own account and sends the code that confirms the
 * address and signs them in (PocketBase marks the address verified when a
 * code sent to it is used). Without a password of their own the account gets
 * a random one nobody knows: codes are the way in.
 * @param {{email: string, name: string, role: string, languages: string[], municipality: string,
 *   children_age_bands: string[], password: string, privacy_accepted: boolean}} person
 * @returns {Promise<string>} the code's id, for signInWithCode
 */
export async function signUp({ password, ...person }) {
  const secret = password || randomPassword()
  await pb.collection("users").create({ ...person, password: secret, passwordConfirm: secret })
  return requestCode(person.email)
}

function randomPassword() {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes))
}

export async function signInWithCode(otpId, code) {
  await pb.collection("users").authWithOTP(otpId, code)
  await afterSignIn()
}

export async function signOut() {
  pb.authStore.clear()
  const db = await dbPromise
  for (const name of MINE) await db.clear(name)
  events.dispatchEvent(new Event("auth"))
}

/** @param {{municipality?: string, children_age_bands?: string[], languages?: string[]}} changes */
export async function saveProfile(changes) {
  const record = await pb.collection("users").update(pb.authStore.record.id, changes)
  pb.authStore.save(pb.authStore.token, record)
  events.dispatchEvent(new Event("auth"))
}

// --- my data ----------------------------------------------------------------

/** Everything the hub holds about the signed-in person: a JSON file and its name. */
export async function exportMyData() {
  const res = await fetch("/api/hub/me/export", { headers: { Authorization: pb.authStore.token, "Accept-Language": requestLang } })
  if (!res.ok) throw { response: await res.json().catch(() => ({})) }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "")?.[1] || "hug-my-data.json"
  return { blob: await res.blob(), name }
}

/** Deletes the signed-in person's account on the hub, then what this phone kept of it. */
export async function deleteAccount() {
  await pb.send("/api/hub/me", { method: "DELETE" })
  await signOut()
}
