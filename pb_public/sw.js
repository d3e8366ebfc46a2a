// The service worker. The server fills in VERSION (a hash of the shell's
// files) and PRECACHE (their URLs) when it serves this file, so any change to
// the app makes a new worker with a new cache; the page offers the update and
// the worker takes over only when the person says so.
//
// Never in Cache Storage: /api/ responses (IndexedDB holds the data, and
// authenticated answers must not outlive a sign-out).

const VERSION = "__VERSION__"
const PRECACHE = __PRECACHE__
const SHELL_CACHE = "hug-shell-" + VERSION
const NAVIGATION_TIMEOUT_MS = 4000

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE)
    // "reload" skips the HTTP cache, so the new version gets new files.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))
  })())
})

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting()
})

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys()
    await Promise.all(names.filter((n) => n.startsWith("hug-") && n !== SHELL_CACHE).map((n) => caches.delete(n)))
    await self.clients.claim()
  })())
})

// Background Sync: the browser wakes the worker when the network is back
// (the page registers "hug-outbox" when it stores a change offline). The
// open pages send their outbox (data/engine.js); the worker holds no session
// token, so with no page open the outbox waits for the next start.
self.addEventListener("sync", (event) => {
  if (event.tag !== "hug-outbox") return
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: "window" })
    for (const page of pages) page.postMessage({ type: "SYNC_OUTBOX" })
  })())
})

// --- Web Push (internal/push, internal/notify) -------------------------------
//
// The payload is {id, title, body, url, kind, neutral, unread}, already in
// the subscriber's language. Every push shows a notification (the browsers
// require it, and a family must never miss one), except a copy of one
// already shown: the queue may send an id twice after a crash, and the ids
// shown are kept in IndexedDB ("hug-push"), so it shows once. A neutral one
// (an appointment, a paternity-support group, unless the person chose
// previews) shows "New message from Hug" on the lock screen, in the language
// of the app; the full text is in the inbox.

const PUSH_DB = "hug-push"
const KEEP_SHOWN = 500 // ids remembered: far more than a queue's retries span

/** @param {IDBRequest | IDBTransaction} r */
function done(r) {
  return new Promise((resolve, reject) => {
    if ("oncomplete" in r) { r.oncomplete = () => resolve(undefined); r.onerror = r.onabort = () => reject(r.error) }
    else { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error) }
  })
}

function pushDB() {
  const req = indexedDB.open(PUSH_DB, 1)
  req.onupgradeneeded = () => {
    req.result.createObjectStore("shown", { keyPath: "id" }).createIndex("at", "at")
  }
  return done(req)
}

/**
 * Remembers a notification's id, atomically: false if it was already there
 * (the same id delivered twice).
 */
async function firstTime(note) {
  const db = await pushDB()
  try {
    const tx = db.transaction("shown", "readwrite")
    const store = tx.objectStore("shown")
    const seen = await done(store.getKey(note.id))
    if (seen !== undefined) return false
    store.put(note)
    // Forget the oldest, so the list stays small.
    const count = await done(store.count())
    if (count > KEEP_SHOWN) {
      const cursor = store.index("at").openKeyCursor()
      let left = count - KEEP_SHOWN
      cursor.onsuccess = () => {
        const c = cursor.result
        if (!c || left-- <= 0) return
        store.delete(c.primaryKey)
        c.continue()
      }
    }
    await done(tx)
    return true
  } finally {
    db.close()
  }
}

/**
 * The app's language bundle as the page last kept it (the "hug" database,
 * data/store.js): the neutral text and the notification's language. Never
 * creates that database.
 * @returns {Promise<{lang: string, dir: string, messages: Record<string, any>} | null>}
 */
async function appBundle() {
  try {
    const req = indexedDB.open("hug")
    req.onupgradeneeded = () => req.transaction.abort() // not there: the page makes it
    const db = await done(req)
    try {
      if (!db.objectStoreNames.contains("meta")) return null
      const meta = db.transaction("meta").objectStore("meta")
      const last = await done(meta.get("i18n:last"))
      const kept = last && (await done(meta.get("i18n:" + last)))
      return kept ? kept.value ?? kept.bundle ?? null : null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

/** Where a notification may lead: a screen of this app, never elsewhere. */
function sameOriginPath(url) {
  try {
    const u = new URL(url || "/", self.location.origin)
    return u.origin === self.location.origin ? u.pathname + u.search + u.hash : "/"
  } catch {
    return "/"
  }
}

async function showPush(data) {
  const id = String(data.id || "")
  const bundle = await appBundle()
  const text = (key, fallback) => (typeof bundle?.messages?.[key] === "string" ? bundle.messages[key] : fallback)
  const lang = data.lang || bundle?.lang || ""
  // Neutral: never the payload's own words, whatever it carries (the hub
  // sends the neutral text too; the app's is used when the phone has it).
  const neutral = !!data.neutral || !data.title
  const title = neutral ? text("notify_neutral_title", "Hug") : String(data.title)
  const body = neutral ? text("notify_neutral_body", "") : String(data.body || "")
  const url = sameOriginPath(data.url)
  if (id && !(await firstTime({ id, at: Date.now(), url, kind: data.kind || "", title, body }))) return
  if (typeof data.unread === "number" && self.navigator.setAppBadge) {
    await (data.unread > 0 ? self.navigator.setAppBadge(data.unread) : self.navigator.clearAppBadge()).catch(() => {})
  }
  await self.registration.showNotification(title, {
    body,
    tag: id || undefined,
    lang,
    dir: bundle?.dir === "rtl" ? "rtl" : "auto",
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    data: { id, url, kind: data.kind || "" },
  })
  // Open pages re-read the inbox (the sync feed carries the record).
  for (const page of await self.clients.matchAll({ type: "window" })) page.postMessage({ type: "PUSH", id })
}

self.addEventListener("push", (event) => {
  let data = {}
  try {
    data = event.data ? event.data.json() : {}
  } catch {
    data = {} // unreadable: still a notification, the neutral one
  }
  event.waitUntil(showPush(data))
})

/** Opens the notification's screen: in an open window if there is one, else a new one. */
async function openFromNotification(notification) {
  const url = sameOriginPath(notification.data?.url)
  const id = notification.data?.id || ""
  const app = (p) => !/^\/(_|api)\//.test(new URL(p.url).pathname) // not the admin UI
  const pages = (await self.clients.matchAll({ type: "window", includeUncontrolled: true })).filter(app)
  const page = pages.find((p) => p.focused) || pages[0]
  if (page) {
    // The app routes there without reloading and marks it read (app.js).
    page.postMessage({ type: "OPEN", url, id })
    return page.focus().catch(() => {})
  }
  return self.clients.openWindow(url)
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close()
  event.waitUntil(openFromNotification(event.notification))
})

/** The network, unless it takes longer than a weak signal deserves. */
function networkWithin(request, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms)
    fetch(request).then((res) => { clearTimeout(timer); resolve(res) }, (err) => { clearTimeout(timer); reject(err) })
  })
}

async function navigation(request) {
  try {
    return await networkWithin(request, NAVIGATION_TIMEOUT_MS)
  } catch {
    const cache = await caches.open(SHELL_CACHE)
    return (await cache.match("/", { ignoreVary: true })) || Response.error()
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL_CACHE)
  // ignoreVary: the server varies on Origin and Accept-Encoding, which
  // differ between the precache request and a module script's request.
  return (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) || fetch(request)
}

self.addEventListener("fetch", (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== self.location.origin) return
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/_/")) return
  if (request.mode === "navigate") {
    event.respondWith(navigation(request))
    return
  }
  event.respondWith(asset(request))
})
