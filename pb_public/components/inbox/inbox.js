// The inbox (/inbox): every notification the hub made for the person, newest
// first, from the sync feed (collection "notifications", internal/notify),
// so nothing is lost on a phone without push (an iPhone without the app on
// the Home Screen, a browser without push, notifications turned off).
// Opening one marks it read (through the outbox) and goes to its screen.
// Neutral ones (shown as "New message from Hug" on the lock screen) show
// their full text here. A guest has no inbox on the hub: the screen lists
// what this phone showed, and says that signing in keeps them.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, lang, pick, direction, formatDateTime, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, empty } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "inbox_title"

/**
 * A notification's title or body in the reader's language (internal/notify
 * render, on the phone): a message of locales/ with its parameters (a date
 * {at}, or a multilingual text such as an activity's title), or the words
 * staff wrote (an announcement), each in the best language there is.
 * @returns {{text: string, lang: string}}
 */
export function rendered(field) {
  if (!field || typeof field !== "object") return { text: "", lang: lang() }
  if (field.text && typeof field.text === "object") {
    const { text, lang: in_ } = pick(field.text)
    return { text, lang: in_ }
  }
  if (typeof field.id !== "string" || !field.id) return { text: "", lang: lang() }
  const params = {}
  for (const [k, v] of Object.entries(field.params || {})) {
    if (v && typeof v === "object") params[k] = typeof v.at === "string" && Object.keys(v).length === 1 ? formatDayTime(v.at) : pick(v).text
    else params[k] = v
  }
  return { text: t(field.id, params), lang: lang() }
}

/** Only a screen of this app. */
function localHref(url) {
  try {
    const u = new URL(url || "/inbox", location.origin)
    return u.origin === location.origin ? u.pathname + u.search + u.hash : "/inbox"
  } catch {
    return "/inbox"
  }
}

/** Marks notifications read (record ids), through the outbox (works offline). */
export function markRead(ids) {
  if (!ids.length || !store.currentUser()) return Promise.resolve()
  return store.mutate("read_notifications", { ids }, { where: "/inbox" }).catch(() => {})
}

/** @param {{text: string, lang: string}} r */
function marked(r, cls) {
  return html`<span class=${cls} lang=${r.lang} dir=${direction(r.lang)}>${r.text}</span>`
}

function item(n) {
  const head = rendered(n.title)
  const body = rendered(n.body)
  const unread = !n.read_at
  return html`<li class="card inbox-item ${unread ? "is-unread" : ""}" data-id=${n.id}>
    <a class="card-link" href=${localHref(n.url)} @click=${() => unread && markRead([n.id])}>
      <span class="card-when">${formatDateTime(n.created)}</span>
      ${marked(head, "card-title")}
      ${body.text ? marked(body, "inbox-body") : nothing}
      ${unread ? html`<span class="badge">${t("inbox_unread")}</span>` : nothing}
    </a>
  </li>`
}

async function guestInbox() {
  const { shownHere } = await import("../../data/push.js")
  const shown = (await shownHere()).sort((a, b) => b.at - a.at)
  return html`${heading(t("inbox_title"))}
    <p class="card">${t("inbox_guest")} <a href="/signin">${t("signin_title")}</a></p>
    ${shown.length ? html`<ul class="cards">${shown.map((n) => html`<li class="card inbox-item" data-id=${n.id}>
      <a class="card-link" href=${localHref(n.url)}>
        <span class="card-when">${formatDateTime(n.at)}</span>
        <span class="card-title" dir="auto">${n.title}</span>
        ${n.body ? html`<span class="inbox-body" dir="auto">${n.body}</span>` : nothing}
      </a></li>`)}</ul>` : empty(t("inbox_empty"))}
    <p><a class="button button-secondary" href="/me/notifications">${icon("bell")}<span>${t("notify_title")}</span></a></p>`
}

export async function view() {
  if (!store.currentUser()) return guestInbox()
  const notes = (await store.all("notifications")).sort((a, b) => String(b.created).localeCompare(String(a.created)))
  const unread = notes.filter((n) => !n.read_at).map((n) => n.id)
  return html`${heading(t("inbox_title"), unread.length ? t("inbox_unread_count", { Count: unread.length }) : "")}
    ${unread.length ? html`<p><button class="button button-secondary" type="button" @click=${() => markRead(unread)}>${t("inbox_mark_all")}</button></p>` : nothing}
    ${notes.length ? html`<ul class="cards">${notes.map(item)}</ul>` : empty(t("inbox_empty"))}
    <p><a class="button button-secondary" href="/me/notifications">${icon("bell")}<span>${t("notify_title")}</span></a></p>`
}
