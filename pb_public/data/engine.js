// The sync engine (docs/SYNC.md), loaded after the first paint: the outbox,
// sending it, pulling, the realtime poke, and the tabs agreeing on who does
// it.
//
// One tab syncs at a time: the tab holding the Web Lock "hug-sync" (held for
// its life; the next tab takes over when it closes) sends the outbox, pulls
// and listens to the poke. Any tab writes to the outbox and tells the others
// on the BroadcastChannel "hug-sync"; the syncing tab sends, and says
// "changed" when data lands, and every tab re-reads IndexedDB.

import PocketBase from "/vendor/pocketbase.es.mjs"
import * as store from "./store.js"
import { mutators, newMutationId } from "./mutators.js"

const BATCH = 100 // mutations a request (the hub refuses more: mutations_batch_too_large)
const MAX_BACKOFF_MS = 60000

const channel = "BroadcastChannel" in self ? new BroadcastChannel("hug-sync") : null
let started = false
let leader = false

/** What the shell shows about sending: an error makes it say the last pull failed. */
export const status = { failing: false }

// --- writing ----------------------------------------------------------------------

/**
 * Stores a mutation in the outbox, shows it at once, and asks for it to be
 * sent. The local mutator runs first against the current view, so a
 * mutation the phone cannot apply is refused here, before it is kept.
 * @param {string} name @param {any} args @param {{where: string, replaces?: string}} options
 */
export async function mutate(name, args, { where, replaces }) {
  const mutator = mutators[name]
  if (!mutator) throw new Error("unknown mutation " + name)
  const s = store.current()
  if (!s.userId) throw new Error("not signed in")
  const db = await s.db
  const tx = db.transaction("outbox", "readwrite")
  if (replaces) {
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      if (c.value.id === replaces && c.value.state === "rejected") c.delete()
    }
  }
  const id = newMutationId()
  tx.store.add({ id, name, args, where, created: Date.now(), state: "pending" })
  await tx.done
  outboxMoved(s)
  syncRequested()
  registerBackgroundSync()
  return id
}

/** Drops a refused mutation the person chose not to correct. */
export async function discard(mutationId) {
  const s = store.current()
  const tx = (await s.db).transaction("outbox", "readwrite")
  for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
    if (c.value.id === mutationId && c.value.state === "rejected") c.delete()
  }
  await tx.done
  outboxMoved(s)
}

/** The outbox or the data changed in this tab: re-read here, and in the other tabs. */
function outboxMoved(s) {
  store.invalidate(s)
  if (s === store.current()) store.events.dispatchEvent(new Event("change"))
  channel?.postMessage({ type: "changed", key: s.key })
}

/** Asks the browser to wake the service worker when the network is back, where it can. */
function registerBackgroundSync() {
  if (navigator.onLine) return
  navigator.serviceWorker?.ready.then((reg) => /** @type {any} */ (reg).sync?.register("hug-outbox")).catch(() => {})
}

// --- sending and pulling (the syncing tab only) ----------------------------------

let running = null
let again = false
let attempt = 0
let retryTimer = 0

/** Asks for a sync: here if this tab is the one that syncs, else from it. */
function syncRequested() {
  if (leader) syncSoon()
  else channel?.postMessage({ type: "sync" })
}

/** Sends, then pulls; calls while one runs make it run once more after. */
function syncSoon() {
  if (running) {
    again = true
    return running
  }
  clearTimeout(retryTimer)
  running = (async () => {
    try {
      do {
        again = false
        await push()
        await store.pull()
      } while (again)
      attempt = 0
      setFailing(false)
    } catch (err) {
      retryLater(err)
    } finally {
      running = null
    }
  })()
  return running
}

/** A sync now, waited for (after signing in). */
export async function syncNow() {
  if (!leader) {
    syncRequested()
    return
  }
  await syncSoon()
}

/**
 * Retries after a network error, a 5xx or a 429: after Retry-After when
 * the hub says it, else an exponential backoff with jitter. Offline there is
 * nothing to retry until the `online` event.
 */
function retryLater(err) {
  if (err?.status && err.status < 500 && err.status !== 429) {
    setFailing(true) // a refusal of the whole request (a bug, not the network): no loop
    return
  }
  if (navigator.onLine) setFailing(true)
  const after = retryAfterMs(err?.retryAfter)
  const delay = after ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2)
  attempt++
  clearTimeout(retryTimer)
  retryTimer = setTimeout(syncSoon, delay)
}

/** @param {string | null | undefined} header seconds or an HTTP date */
function retryAfterMs(header) {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now())
}

function setFailing(failing) {
  if (status.failing === failing) return
  status.failing = failing
  store.events.dispatchEvent(new Event("status"))
}

/**
 * Sends the pending mutations in order, a batch at a time, and records each
 * outcome: applied ones stay (shown) until a pull brings the server's
 * version of them (`ack`, the hub's cursor after applying them); refused
 * ones stay, marked, with the hub's localized reason, until the person
 * corrects or discards them. A mutation the hub did not answer stays
 * pending and is sent again with the same id (the hub applies it once).
 */
async function push() {
  const s = store.current()
  if (!s.userId) return
  const db = await s.db
  for (;;) {
    const batch = (await db.getAll("outbox")).filter((m) => m.state === "pending").slice(0, BATCH)
    if (!batch.length) return
    if (!store.token()) {
      store.events.dispatchEvent(new Event("status")) // the session expired: the outbox waits for a sign-in
      return
    }
    const res = await fetch("/api/hub/mutations", {
      method: "POST",
      headers: { ...store.headers(s), "Content-Type": "application/json" },
      body: JSON.stringify({ mutations: batch.map(({ id, name, args }) => ({ id, name, args })) }),
    })
    const body = await res.json().catch(() => null)
    if (s !== store.current()) return
    if (res.status === 401) {
      store.events.dispatchEvent(new Event("status"))
      return
    }
    if (!res.ok && (res.status >= 500 || res.status === 429 || !body)) throw new store.HttpError(res, body)
    const results = res.ok ? body.results || [] : batch.map((m) => ({ id: m.id, status: "rejected", error: body }))
    await record(s, results, res.ok ? Number(body.cursor) || 0 : 0)
    if (results.length < batch.length) throw new store.HttpError(res, body) // stopped by a server error: retry the rest
  }
}

/** Stores the hub's answers in the outbox, in one transaction. */
async function record(s, results, cursor) {
  const byId = new Map(results.map((r) => [r.id, r]))
  const tx = (await s.db).transaction("outbox", "readwrite")
  for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
    const r = byId.get(c.value.id)
    if (!r || c.value.state !== "pending") continue
    if (r.status === "applied") c.update({ ...c.value, state: "applied", ack: cursor, decided: r.decided })
    else c.update({ ...c.value, state: "rejected", error: { code: r.error?.code || "", message: r.error?.message || "", data: r.error?.data || {} } })
  }
  await tx.done
  outboxMoved(s)
}

// --- realtime: the poke -------------------------------------------------------------

/** @type {PocketBase | null} */
let pb = null

/**
 * Listens to the topic hub/changes: a poke says the newest seq, never the
 * data; a pull fetches what this person may see. Every (re)connect pulls
 * too, so nothing sent while the phone was away is missed.
 */
async function listen() {
  pb ??= new PocketBase(location.origin)
  pb.autoCancellation(false)
  try {
    await pb.realtime.unsubscribe()
    // Not awaited: offline, the SDK keeps reconnecting and subscribes when it can.
    pb.realtime.subscribe("PB_CONNECT", () => {
      document.documentElement.dataset.sync = "live" // this tab listens (the browser tests wait on it)
      syncSoon()
    }).catch(() => {})
    pb.realtime.subscribe("hub/changes", () => syncSoon()).catch(() => {})
  } catch {}
}

// --- tabs -------------------------------------------------------------------------------

function becomeLeader() {
  leader = true
  listen()
  syncSoon()
}

/** Starts the engine once per tab (app.js, after the first paint). */
export function start() {
  if (started) return
  started = true
  channel?.addEventListener("message", (e) => {
    const msg = e.data || {}
    if (msg.type === "sync" && leader) syncSoon()
    if (msg.type === "changed" && msg.key === store.current().key) {
      store.invalidate()
      store.events.dispatchEvent(new Event("change"))
    }
  })
  // Data that lands here (a pull) is news for the other tabs too.
  store.events.addEventListener("change", () => {
    if (leader) channel?.postMessage({ type: "changed", key: store.current().key })
  })
  store.events.addEventListener("auth", () => {
    if (!leader) return
    listen() // the subscription carries who is listening
    syncSoon()
  })
  addEventListener("online", () => {
    attempt = 0
    syncRequested()
  })
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncRequested()
  })
  navigator.serviceWorker?.addEventListener("message", (e) => {
    if (e.data?.type === "SYNC_OUTBOX") syncRequested()
  })
  if (navigator.locks) navigator.locks.request("hug-sync", () => (becomeLeader(), new Promise(() => {})))
  else becomeLeader()
}
