// Staff post announcements to a group or to everyone, and withdraw them:
// title and text in Italian (required) with optional translations, the
// group, the urgent flag (Web Push sends urgent ones at once). Through the
// outbox (post_announcement, withdraw_announcement), so it works offline;
// the hub checks them as its records API does (announcements.Post) and a
// refusal is shown at the top of the screen. Loaded only when opened.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, languageName, formatDateTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { vocab, languageCodes } from "../../vocab.js"
import { heading, inline, empty, useStylesheets } from "../ui/ui.js"

export const title = "staff_announcements_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const where = "/staff/announcements"
let saved = false
let refresh = () => {}

const useStyles = () => useStylesheets("/components/staff/staff.css")

const dirOf = (code) => vocab.languages.find((l) => l.code === code)?.dir || "auto"

async function post(e) {
  e.preventDefault()
  const data = new FormData(e.target)
  const texts = (field) => {
    const out = {}
    for (const code of languageCodes()) {
      const v = String(data.get(field + "_" + code) || "").trim()
      if (v) out[code] = v
    }
    return out
  }
  await store.mutate("post_announcement", {
    announcement: newRecordId(), group: String(data.get("group") || ""),
    title: texts("title"), body: texts("body"), urgent: data.get("urgent") === "on",
  }, { where })
  e.target.reset()
  saved = true
  refresh()
}

function fields(code, required) {
  return html`<label class="field"><span>${t("staff_announcement_title_in", { language: languageName(code) })}</span>
      <input name=${"title_" + code} lang=${code} dir=${dirOf(code)} ?required=${required} maxlength="200" autocomplete="off"></label>
    <label class="field"><span>${t("staff_announcement_body_in", { language: languageName(code) })}</span>
      <textarea name=${"body_" + code} lang=${code} dir=${dirOf(code)} rows="4" ?required=${required}></textarea></label>`
}

function form(groups) {
  const [source, ...others] = languageCodes()
  return html`<form class="form card announcement-form" @submit=${post} aria-labelledby="announcement-new">
    <h2 id="announcement-new">${t("staff_announcement_new")}</h2>
    ${fields(source, true)}
    <details class="translations"><summary>${t("staff_announcement_translations")}</summary>${others.map((c) => fields(c, false))}</details>
    <label class="field"><span>${t("staff_announcement_to")}</span>
      <select name="group"><option value="">${t("announcement_for_everyone")}</option>
        ${groups.map((g) => html`<option value=${g.id}>${text(g.name)}</option>`)}</select></label>
    <label class="check"><input type="checkbox" name="urgent"><span>${t("staff_announcement_urgent")}</span></label>
    ${saved ? html`<p class="form-status" role="status">${t(navigator.onLine ? "staff_saved" : "staff_saved_offline")}</p>` : nothing}
    <button class="button" type="submit">${t("staff_announcement_post")}</button>
  </form>`
}

/**
 * How each announcement's pushes went (GET /api/hub/staff/announcements/{id}/delivery):
 * asked when staff open its "how it was delivered", online only; kept per
 * announcement while the screen re-renders.
 */
const delivery = new Map()

async function loadDelivery(id) {
  try {
    const res = await fetch(`/api/hub/staff/announcements/${encodeURIComponent(id)}/delivery`, { headers: store.headers() })
    const body = await res.json().catch(() => ({}))
    delivery.set(id, res.ok ? { counts: body } : { error: body.message || t("error_status_" + res.status) })
  } catch {
    delivery.set(id, { error: t("staff_delivery_offline") })
  }
  refresh()
}

function deliveryFigures(a) {
  const got = delivery.get(a.id)
  const figures = [["sent", "staff_delivery_sent"], ["queued", "staff_delivery_queued"], ["failed", "staff_delivery_failed"],
    ["expired", "staff_delivery_expired"], ["inboxes", "staff_delivery_inboxes"]]
  return html`<details class="delivery" @toggle=${(e) => e.target.open && loadDelivery(a.id)}>
    <summary>${t("staff_announcement_delivery")}</summary>
    ${got?.error ? html`<p class="small" role="status">${got.error}</p>` : nothing}
    ${got?.counts ? html`<dl class="delivery-figures">${figures.map(([key, label]) =>
      html`<div><dt>${t(label)}</dt><dd data-delivery=${key}>${Number(got.counts[key] || 0).toLocaleString(document.documentElement.lang)}</dd></div>`)}</dl>` : nothing}
  </details>`
}

function row(a, groups) {
  const group = groups.find((g) => g.id === a.group)
  return html`<li class="card announcement-row" data-announcement=${a.id}>
    <h3>${inline(a.title)}</h3>
    <p class="small">${group ? t("announcement_for_group", { group: text(group.name) }) : t("announcement_for_everyone")}
      · ${formatDateTime(new Date(a.published_at))}</p>
    <p>${a.urgent ? html`<span class="badge badge-alert">${t("announcement_urgent")}</span>` : nothing}
      ${a.status === "withdrawn" ? html`<span class="badge">${t("staff_announcement_withdrawn")}</span>` : nothing}
      ${a._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    ${a._pending ? nothing : deliveryFigures(a)}
    ${a.status === "published" ? html`<button class="button button-small button-secondary" type="button"
      @click=${async () => { await store.mutate("withdraw_announcement", { announcement: a.id }, { where }); refresh() }}>${t("staff_announcement_withdraw")}</button>` : nothing}
  </li>`
}

export async function view({ navigate }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") return html`${heading(t("staff_announcements_title"))}<p>${t("staff_only_screen")}</p>`
  const [announcements, groups] = await Promise.all([store.all("announcements"), store.all("groups")])
  const list = announcements.sort((a, b) => String(b.published_at).localeCompare(String(a.published_at)))
  return html`${heading(t("staff_announcements_title"))}
    ${form(groups)}
    <section aria-labelledby="announcements-list"><h2 id="announcements-list">${t("staff_announcements_list")}</h2>
      ${list.length ? html`<ul class="cards">${list.map((a) => row(a, groups))}</ul>` : empty(t("staff_announcements_none"))}
    </section>`
}
