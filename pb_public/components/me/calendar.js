// My calendar: the webcal:// link of the family's private feed (what they
// are going to or waitlisted for), a copy button and a reset with a
// confirmation (the old link then stops working: GET/POST
// /api/hub/calendar/me[/token], internal/calendar).

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import { myCalendarPath, resetMyCalendar } from "../../data/calendar.js"
import { webcal } from "../ui/calendar-links.js"
import { show } from "../../app.js"

/** The path, once per person and page load: the screen re-renders often. */
let known = { user: "", path: "", done: false }

async function copy(e, link) {
  const status = e.target.closest("section").querySelector(".cal-status")
  try {
    await navigator.clipboard.writeText(link)
    render(t("me_calendar_copied"), status)
  } catch {
    const input = e.target.closest("section").querySelector("input")
    input.select() // the phone's own copy menu
  }
}

async function reset(e, userId) {
  const status = e.target.closest("section").querySelector(".cal-status")
  try {
    known = { user: userId, path: await resetMyCalendar(), done: true }
    e.target.closest("details").open = false
    await show()
  } catch (err) {
    render(navigator.onLine ? String(err?.response?.message || err.message) : t("me_calendar_offline"), status)
  }
}

/** @param {{id: string}} user */
export async function myCalendar(user) {
  if (known.user !== user.id || !known.path) {
    try {
      known = { user: user.id, path: await myCalendarPath(), done: false }
    } catch {
      known = { user: "", path: "", done: false }
    }
  }
  const link = known.path ? webcal(known.path) : ""
  return html`<section aria-labelledby="me-calendar"><h2 id="me-calendar">${t("me_calendar_title")}</h2>
    <p>${t("me_calendar_text")}</p>
    ${link ? html`
      <a class="button" href=${link}>${t("me_calendar_subscribe")}</a>
      <label class="field"><span>${t("me_calendar_link")}</span><input readonly dir="ltr" .value=${link} @focus=${(e) => e.target.select()}></label>
      <button class="button button-secondary" type="button" @click=${(e) => copy(e, link)}>${t("me_calendar_copy")}</button>
      <details class="cal-reset">
        <summary class="button button-secondary">${t("me_calendar_reset")}</summary>
        <p>${t("me_calendar_reset_confirm")}</p>
        <button class="button" type="button" @click=${(e) => reset(e, user.id)}>${t("me_calendar_reset_yes")}</button>
        <button class="button button-secondary" type="button" @click=${(e) => { e.target.closest("details").open = false }}>${t("me_calendar_reset_no")}</button>
      </details>` : html`<p class="small">${t("me_calendar_offline")}</p>`}
    <p class="cal-status" role="status">${known.done ? t("me_calendar_reset_done") : nothing}</p>
  </section>`
}
