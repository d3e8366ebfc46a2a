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
