// The app: loads the language, routes paths to screens, keeps the shell
// (top bar, banners, tab bar) and talks to the service worker.

import { render } from "/vendor/lit-html/lit-html.js"
import * as store from "./data/store.js"
import { t, lang, useBundle, useChain, hasDesk, addDesk } from "./i18n.js"
import { useVocab } from "./vocab.js"
import { shell } from "./components/shell/shell.js"
import { installState } from "./components/install/install.js"

/** path pattern -> screen module, loaded on first use */
const routes = [
  ["/", () => import("./components/home/home.js")],
  ["/calendar", () => import("./components/calendar/calendar.js")],
  ["/activity/:id", () => import("./components/activity/activity.js")],
  ["/places", () => import("./components/places/places.js")],
  ["/services", () => import("./components/services/services.js")],
  ["/groups", () => import("./components/groups/groups.js")],
  ["/groups/:id", () => import("./components/groups/group.js")],
  ["/about", () => import("./components/about/about.js")],
  ["/menu", () => import("./components/menu/menu.js")],
  ["/language", () => import("./components/language/language.js")],
  ["/signin", () => import("./components/signin/signin.js")],
  ["/signup", () => import("./components/signup/signup.js")],
  ["/me", () => import("./components/me/me.js")],
  ["/me/notifications", () => import("./components/notifications/settings.js")],
  ["/inbox", () => import("./components/inbox/inbox.js")],
  ["/appointment", () => import("./components/appointment/appointment.js")],
  ["/me/proposals", () => import("./components/propose/proposals.js")],
  ["/propose", () => import("./components/propose/propose.js")],
  ["/propose/:id", () => import("./components/propose/propose.js")],
  ["/poster/:kind/:id", () => import("./components/poster/poster.js")],
  ["/staff", () => import("./components/staff/index.js")],
  ["/staff/moderation", () => import("./components/staff/moderation.js")],
  ["/staff/moderation/:id", () => import("./components/staff/moderation.js")],
  ["/staff/attendance/:activity", () => import("./components/attendance/attendance.js")],
  ["/staff/figures", () => import("./components/figures/figures.js")],
  ["/staff/places/:id", () => import("./components/staff/place-hours.js")],
  ["/staff/directory", () => import("./components/staff/directory.js")],
  ["/translate", () => import("./components/translate/translate.js")],
  ["/translate/:collection/:id/:field/:lang", () => import("./components/translate/translate.js")],
  ["/staff/announcements", () => import("./components/staff/announcements.js")],
  ["/staff/groups", () => import("./components/staff/groups.js")],
  ["/staff/appointments", () => import("./components/staff/appointments.js")],
  ["/staff/reports", () => import("./components/staff/reports.js")],
  ["/staff/audit", () => import("./components/staff/audit.js")],
]

function match(path) {
  for (const [pattern, load] of routes) {
    const names = []
    const re = new RegExp("^" + pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)")) + "/?$")
    const m = path.match(re)
    if (m) return { load, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) }
  }
  return { load: () => import("./components/notfound/notfound.js"), params: {} }
}

/** App state the shell shows around the screen. */
export const state = {
  online: navigator.onLine,
  updated: 0,
  updateReady: null, // a waiting service worker
  refreshError: false, // the last sync failed while online
  outbox: { pending: 0, rejected: [] }, // changes waiting to send, and refused ones
  sessionExpired: false, // signed in, but the session expired: changes wait for a new sign-in
  unread: 0, // notifications in the inbox not opened yet (the bell, the app badge)
}

let renderSeq = 0
let lastPath = ""

/** Renders the current route; keeps focus where a screen reader expects it. */
export async function show() {
  const seq = ++renderSeq
  const url = new URL(location.href)
  const { load, params } = match(url.pathname)
  const screen = await load()
  if (screen.desk && !hasDesk()) await loadDesk()
  const ctx = { params, query: url.searchParams, navigate, state }
  const content = await screen.view(ctx)
  state.updated = await store.lastUpdated()
  state.outbox = await store.outbox()
  state.sessionExpired = store.sessionExpired()
  state.unread = await unreadCount()
  // A newer navigation won: checked after the last await, so an older
  // screen never paints over a newer one.
  if (seq !== renderSeq) return
  document.title = `${screen.title ? t(screen.title) + " - " : ""}Hug`
  const root = document.getElementById("app")
  if (!root.dataset.shell) {
    root.replaceChildren() // drop the boot placeholder before lit takes over
    root.dataset.shell = "1"
  }
  render(shell(content, url.pathname, state), root)
  document.body.dataset.rendered = url.pathname // browser tests wait on this
  if (url.pathname !== lastPath) {
    lastPath = url.pathname
    window.scrollTo(0, 0)
    document.querySelector("main h1")?.focus()
  }
}

/** The inbox's unread count; the app's icon shows it too where the browser can. */
let badge = -1
async function unreadCount() {
  const n = store.currentUser() ? (await store.all("notifications")).filter((r) => !r.read_at).length : 0
  if (n !== badge && "setAppBadge" in navigator) (n ? navigator.setAppBadge(n) : navigator.clearAppBadge()).catch(() => {})
  badge = n
  return n
}

export function navigate(href, { replace = false } = {}) {
  history[replace ? "replaceState" : "pushState"](null, "", href)
  show()
}

// Same-origin links are handled here, so moving between screens needs no network.
document.addEventListener("click", (e) => {
  const a = e.target instanceof Element ? e.target.closest("a[href]") : null
  if (!a || a.target || a.hasAttribute("download") || e.ctrlKey || e.metaKey || e.shiftKey) return
  const url = new URL(a.href)
  if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/_/")) return
  e.preventDefault()
  navigate(url.pathname + url.search)
})
addEventListener("popstate", show)

async function loadLanguage() {
  const chosen = await store.chosenLanguage()
  const bundle = await store.messages(chosen || "auto")
  useBundle(bundle)
  store.setRequestLang(bundle.lang)
  useChain(await store.readingLanguages()) // content in the first language of the reading chain that has it
  push?.recheck().catch(() => {}) // notifications come in the app's language
}

/**
 * The staff's and mediators' messages, before their first screen renders
 * (without a connection and never downloaded: the screen shows what it can).
 */
async function loadDesk() {
  await store.deskMessages(lang()).then(addDesk, () => {})
}

/** Staff and mediators get the desk messages after the first paint, so their screens work offline from then on. */
function prefetchDesk() {
  const role = store.currentUser()?.role
  if ((role === "staff" || role === "mediator") && !hasDesk()) loadDesk()
}

/** Switches language without reloading. */
export async function switchLanguage(code) {
  await store.chooseLanguage(code)
  await loadLanguage()
  await show()
  prefetchDesk()
}

function watchNetwork() {
  addEventListener("online", () => { state.online = true; show() })
  addEventListener("offline", () => { state.online = false; show() })
  store.events.addEventListener("change", show)
  store.events.addEventListener("auth", async () => {
    useChain(await store.readingLanguages())
    show()
    prefetchDesk()
  })
  store.events.addEventListener("language", async () => {
    await loadLanguage()
    show()
    prefetchDesk()
  })
}

/**
 * The sync engine (data/engine.js) starts after the first paint, so the
 * first visit does not download it before the calendar shows.
 */
async function startSync() {
  const engine = await store.engine()
  store.events.addEventListener("status", () => {
    state.refreshError = engine.status.failing
    show()
  })
  engine.start()
}

/** The service worker: offline shell, and updates offered, never forced. */
async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return
  const reg = await navigator.serviceWorker.register("/sw.js", { scope: "/" })
  const offer = (worker) => { state.updateReady = worker; show() }
  if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting)
  reg.addEventListener("updatefound", () => {
    const worker = reg.installing
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker)
    })
  })
  let reloading = false
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (state.updateReady && !reloading) { reloading = true; location.reload() }
  })
}

/**
 * Web Push (data/push.js) starts once the screen shows, only where
 * notifications are allowed: a first visit loads nothing for it.
 */
let push = null
function startPush() {
  if (!("Notification" in self) || Notification.permission !== "granted") return
  import("./data/push.js").then((m) => { push = m; m.start(navigate) }).catch(() => {})
}

/** Called by the update banner: the new version takes over, then the page reloads. */
export function applyUpdate() {
  state.updateReady?.postMessage({ type: "SKIP_WAITING" })
}

async function main() {
  try {
    const [vocab] = await Promise.all([store.vocabulary(), loadLanguage()])
    useVocab(vocab)
  } catch {
    // No connection and no language or vocabulary kept on this phone yet (a
    // first visit, or cleared storage): keep the boot screen and start when
    // online.
    addEventListener("online", () => location.reload(), { once: true })
    return
  }
  watchNetwork()
  installState.onChange = show
  if ((await store.lastUpdated()) === 0) {
    // A first visit: the calendar needs its data before it shows. One
    // pull (a snapshot), without the engine.
    await store.pull().catch(() => { state.refreshError = navigator.onLine })
  }
  await show()
  prefetchDesk()
  startSync().catch(() => {})
  registerServiceWorker().catch(() => {})
  startPush()
}

main()
