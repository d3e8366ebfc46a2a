// The frame around every screen: top bar, status banners, tab bar.

import { html } from "/vendor/lit-html/lit-html.js"
import { t, formatDateTime } from "../../i18n.js"
import { icon } from "../ui/icons.js"
import { applyUpdate } from "../../app.js"
import { discard } from "../../data/store.js"

const tabs = [
  ["/", "nav_home", "home"],
  ["/calendar", "nav_calendar", "calendar"],
  ["/places", "nav_places", "place"],
  ["/services", "nav_services", "info"],
  ["/menu", "nav_menu", "menu"],
]

function current(path, href) {
  if (href === "/") return path === "/"
  return path === href || path.startsWith(href + "/") ||
    (href === "/calendar" && path.startsWith("/activity/")) ||
    (href === "/menu" && ["/groups", "/about", "/language", "/signin", "/me", "/inbox"].some((p) => path.startsWith(p)))
}

function banners(state, path) {
  const out = []
  if (state.updateReady) {
    out.push(html`<div class="banner banner-update" role="status">
      <span>${t("update_ready")}</span>
      <button class="button button-small" @click=${applyUpdate}>${t("update_apply")}</button>
    </div>`)
  }
  if (!state.online || state.refreshError) {
    const when = state.updated ? t("offline_updated", { when: formatDateTime(state.updated) }) : t("offline_never")
    out.push(html`<div class="banner banner-offline" role="status">
      ${icon("offline")}<span><strong>${t(state.online ? "refresh_failed" : "offline_title")}</strong> ${when}</span>
    </div>`)
  }
  const { pending, rejected } = state.outbox
  if (pending) {
    out.push(html`<div class="banner banner-pending" role="status" data-pending=${pending}>
      ${icon("clock")}<span>${t("sync_pending", { Count: pending })}</span>
      ${state.sessionExpired ? html`<a class="button button-small" href="/signin">${t("sync_session_expired")}</a>` : ""}
    </div>`)
  }
  const elsewhere = rejected.filter((m) => m.where !== path)
  if (elsewhere.length) {
    out.push(html`<div class="banner banner-alert" role="status">
      ${icon("alert")}<span>${t("sync_refused_count", { Count: elsewhere.length })}</span>
      <a class="button button-small" href=${elsewhere[0].where}>${t("sync_refused_see")}</a>
    </div>`)
  }
  return out
}

/**
 * The changes the hub refused, on the screen where they were made: the
 * reason in the person's language, and a way to drop them (or to correct
 * them in the form below, which sends them again).
 */
function refusedHere(state, path) {
  const here = state.outbox.rejected.filter((m) => m.where === path)
  if (!here.length) return ""
  return html`<section class="refusals" aria-labelledby="refused-title">
    <h2 id="refused-title">${t("sync_refused_title")}</h2>
    ${here.map((m) => html`<div class="banner banner-alert refused" data-mutation=${m.name}>
      <p>${m.error?.message || t("error_status_500")}</p>
      <p class="small">${t("sync_refused_help")}</p>
      <button class="button button-small button-secondary" @click=${() => discard(m.id)}>${t("sync_discard")}</button>
    </div>`)}
  </section>`
}

/** @param {unknown} content the screen @param {string} path @param {any} state */
export function shell(content, path, state) {
  return html`
    <a class="skip-link" href="#main">${t("skip_to_content")}</a>
    <header class="topbar">
      <a class="brand" href="/" aria-label=${t("app_name")}>${icon("logo")}<span>Hug</span></a>
      <a class="topbar-bell" href="/inbox" aria-label=${state.unread ? t("inbox_bell_unread", { Count: state.unread }) : t("inbox_title")}>${icon("bell")}${state.unread ? html`<span class="bell-count">${state.unread}</span>` : ""}</a>
      <a class="topbar-action" href="/language" aria-label=${t("language_choose")}>${icon("language")}<span>${t("language_short")}</span></a>
    </header>
    <div class="banners" aria-live="polite">${banners(state, path)}</div>
    <main id="main" tabindex="-1">${refusedHere(state, path)}${content}</main>
    <nav class="tabbar" aria-label=${t("nav_label")}>
      ${tabs.map(([href, label, name]) => html`
        <a href=${href} aria-current=${current(path, href) ? "page" : "false"}>${icon(name)}<span>${t(label)}</span></a>`)}
    </nav>`
}
