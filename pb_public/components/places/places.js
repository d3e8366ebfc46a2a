// Places and hours: each access point, open now or when it opens next,
// computed on the phone (offline too) in Rome time, closures included.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDay, romeDate } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, content, named, openLine, timetable, mapHref, ltr, telHref } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { holidayOn, addDays } from "../../data/hours.js"

export const title = "nav_places"

/**
 * The next closures and special openings, so nobody walks to a closed door:
 * the place's own exceptions and the public holidays that fall on one of
 * its opening days (the hub's rule, data/hours.js), in the next 60 days.
 */
function upcomingExceptions(place, today) {
  const openDays = new Set((place.hours || []).map((s) => s.day))
  const own = (place.exceptions || []).filter((e) => e.date >= today)
  const ownDates = new Set(own.map((e) => e.date))
  const holidays = []
  for (let offset = 0; offset < 60; offset++) {
    const { date, day } = addDays(today, offset)
    const key = openDays.has(day) && !ownDates.has(date) ? holidayOn(date, place.municipality || "") : ""
    if (key) holidays.push({ date, closed: true, holiday: key })
  }
  const soon = [...own, ...holidays].sort((a, b) => a.date.localeCompare(b.date)).slice(0, 3)
  if (!soon.length) return nothing
  return html`<div class="exceptions"><h3>${t("place_exceptions")}</h3><ul>
    ${soon.map((e) => html`<li><strong>${formatDay(e.date + "T12:00:00Z")}</strong>:
      ${e.closed ? t("place_closed") : (e.slots || []).map((s) => html`<bdi dir="ltr">${s.opens}–${s.closes}</bdi> `)}
      ${e.note ? html` (${content(e.note, "span")})` : e.holiday ? ` (${t("holiday_" + e.holiday)})` : nothing}</li>`)}
  </ul></div>`
}

function placeCard(place, now, today, staff) {
  const address = [place.address, place.municipality].filter(Boolean).join(", ")
  return html`<li class="card place" id=${place.id}>
    <h2>${named(place.name)}</h2>
    <p>${openLine(place, now)}</p>
    ${timetable(place)}
    ${upcomingExceptions(place, today)}
    ${content(place.hours_note)}
    ${content(place.description)}
    <div class="actions">
      ${address ? html`<a class="button button-secondary" href=${mapHref(place.name + ", " + address)} target="_blank" rel="noopener">${icon("map")}<span>${t("place_directions")}</span></a>` : nothing}
      ${place.phone ? html`<a class="button button-secondary" href=${telHref(place.phone)}>${icon("phone")}<span>${ltr(place.phone)}</span></a>` : nothing}
      ${place.email ? html`<a class="button button-secondary" href="mailto:${place.email}">${icon("mail")}<span>${t("contacts_write")}</span></a>` : nothing}
    </div>
    ${address ? html`<p class="small">${named(address)}</p>` : nothing}
    ${staff ? html`<a class="button button-secondary" href="/staff/places/${place.id}">${t("link_hours_edit")}</a>` : nothing}
  </li>`
}

export async function view() {
  const places = (await store.all("places")).sort((a, b) => (a.sort || 0) - (b.sort || 0))
  const now = new Date()
  const today = romeDate(now)
  const staff = store.currentUser()?.role === "staff"
  return html`${heading(t("places_title"), t("places_lead"))}
    <ul class="cards">${places.map((p) => placeCard(p, now, today, staff))}</ul>`
}
