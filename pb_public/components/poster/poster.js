// A printable A4 poster of an activity or a group, for the notice boards of
// the Polo per l'Infanzia and the Soresina school: title, when, where, a
// short text, a QR code that opens it in the app, the centre's contacts.
// In the language chosen on screen (the picker and the app's frame are not
// printed); Arabic is right to left like the rest of the app. The QR code
// is made on the phone (the `qr` library, vendored), so it works offline.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import encodeQR from "/vendor/qr.js"
import { t, lang, text, formatDay, formatTimeRange, formatDayTime } from "../../i18n.js"
import { vocab } from "../../vocab.js"
import * as store from "../../data/store.js"
import { switchLanguage } from "../../app.js"
import { heading, content, named, ltr, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "poster_title"

/** The poster's own stylesheet, loaded with the screen (not on the first visit). */
const useStyles = () => useStylesheets("/components/poster/poster.css")

/** A QR code as SVG squares: sharp at any print size, no canvas, no inline style. */
function qrCode(url) {
  const modules = encodeQR(url, "raw", { ecc: "medium", border: 4 })
  let d = ""
  modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x} ${y}h1v1h-1z` }))
  const n = modules.length
  return html`<svg class="poster-qr-code" viewBox="0 0 ${n} ${n}" role="img" aria-label=${t("poster_qr_label", { Url: url })} shape-rendering="crispEdges">
    <rect width=${n} height=${n} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`
}

function tools(back, label) {
  const current = lang()
  return html`<div class="poster-tools">
    <a class="back-link" href=${back}>${icon("back")}${t(label)}</a>
    <label class="field"><span>${t("poster_language")}</span>
      <select @change=${(e) => switchLanguage(e.target.value)}>
        ${vocab.languages.map(({ code, dir, name }) => html`<option value=${code} lang=${code} dir=${dir} ?selected=${code === current}>${name || code}</option>`)}
      </select></label>
    <button class="button" type="button" @click=${() => print()}>${t("poster_print")}</button>
  </div>`
}

function contacts(centre, place) {
  if (!centre) return nothing
  const address = place ? [place.address || place.name, place.municipality].filter(Boolean).join(", ") : ""
  return html`<footer class="poster-footer">
    <p class="poster-centre">${named(centre.name)}</p>
    ${address ? html`<p>${named(address)}</p>` : nothing}
    <p>${centre.phone ? html`${icon("phone")} ${ltr(centre.phone)}` : nothing}
       ${centre.email ? html`${icon("mail")} ${ltr(centre.email)}` : nothing}</p>
  </footer>`
}

function whereText(place, locationNote) {
  if (place) return html`<p class="poster-where">${icon("place")} ${named([place.name, place.address, place.municipality].filter(Boolean).join(", "))}</p>`
  if (locationNote && text(locationNote)) return html`<div class="poster-where">${icon("place")} ${content(locationNote, "span")}</div>`
  return nothing
}

async function activityPoster(id, centre, centrePlace) {
  const activity = (await store.one("activities", id)) || (await store.fetchActivity(id).catch(() => null))
  if (!activity) return html`${heading(t("activity_gone_title"))}<p>${t("activity_gone_text")}</p>`
  const place = activity.place ? await store.one("places", activity.place) : null
  const url = location.origin + "/activity/" + activity.id
  return html`${tools("/activity/" + activity.id, "activity_title")}
    <article class="poster">
      <p class="poster-brand">${icon("logo")} <span>Hug</span></p>
      ${heading(content(activity.title, "span"))}
      ${activity.status === "cancelled" ? html`<p class="poster-cancelled">${t("activity_cancelled")}</p>` : nothing}
      <p class="poster-when">${icon("clock")} <span>${formatDay(activity.starts_at)}<br>${formatTimeRange(activity.starts_at, activity.ends_at)}</span></p>
      ${whereText(place, activity.location_note)}
      <div class="poster-summary">${content(activity.summary)}</div>
      <div class="poster-qr">${qrCode(url)}<div><p class="poster-scan">${t("poster_scan")}</p><p class="poster-url">${ltr(url)}</p></div></div>
      ${contacts(centre, centrePlace)}
    </article>`
}

async function groupPoster(id, centre, centrePlace) {
  const group = await store.one("groups", id)
  if (!group) return html`${heading(t("group_gone_title"))}<p>${t("group_gone_text")}</p>`
  const [place, activities] = await Promise.all([group.place ? store.one("places", group.place) : null, store.all("activities")])
  const now = new Date()
  const next = activities.filter((a) => a.group === group.id && a.status === "approved" && new Date(a.ends_at) > now)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at)).slice(0, 4)
  const url = location.origin + "/groups/" + group.id
  return html`${tools("/groups/" + group.id, "nav_groups")}
    <article class="poster">
      <p class="poster-brand">${icon("logo")} <span>Hug</span></p>
      ${heading(content(group.name, "span"))}
      ${whereText(place, null)}
      <div class="poster-summary">${content(group.description)}</div>
      ${next.length ? html`<ul class="poster-dates">${next.map((a) => html`<li><strong>${formatDayTime(a.starts_at, a.ends_at)}</strong> ${content(a.title, "span")}</li>`)}</ul>` : nothing}
      <div class="poster-qr">${qrCode(url)}<div><p class="poster-scan">${t("poster_scan")}</p><p class="poster-url">${ltr(url)}</p></div></div>
      ${contacts(centre, centrePlace)}
    </article>`
}

export async function view({ params }) {
  useStyles()
  const centre = (await store.all("centre"))[0]
  const centrePlace = centre?.main_place ? await store.one("places", centre.main_place) : null
  if (params.kind === "group") return groupPoster(params.id, centre, centrePlace)
  if (params.kind === "activity") return activityPoster(params.id, centre, centrePlace)
  return html`${heading(t("activity_gone_title"))}`
}
