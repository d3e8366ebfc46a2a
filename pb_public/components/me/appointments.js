// My appointment requests in My space: each with its state; a date staff
// proposed, to confirm or to ask for another; withdraw and delete. Every
// answer goes through the outbox (works offline, shows at once); a refusal
// is shown by the shell at the top of My space. Only the family and staff
// ever see a request (internal/appointments).

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { named, empty } from "../ui/ui.js"

const where = "/me"
const act = (name, r) => store.mutate(name, { appointment: r.id }, { where })
const open = (r) => !["done", "withdrawn"].includes(r.status)

function proposal(r, placeOf) {
  const place = placeOf.get(r.proposed_place)
  return html`<p><strong>${t(r.status === "confirmed" ? "appointment_confirmed_for" : "appointment_proposed_for")}</strong>
      ${formatDayTime(r.proposed_at)}${place ? html`, ${named(place.name)}` : nothing}</p>
    ${r.staff_reply ? html`<p dir="auto">${r.staff_reply}</p>` : nothing}`
}

function card(r, placeOf) {
  const proposed = r.status === "proposed" && r.proposed_at
  return html`<li class="card appointment" data-id=${r.id}>
    <h3>${t("appointment_topic_" + r.topic)}</h3>
    <p><span class="badge">${t("appointment_status_" + r.status)}</span>
      ${r._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    ${(proposed || r.status === "confirmed") && r.proposed_at ? proposal(r, placeOf) : nothing}
    ${r.message ? html`<p class="small" dir="auto">${r.message}</p>` : nothing}
    <div class="actions">
      ${proposed ? html`<button class="button" type="button" @click=${() => act("confirm_appointment", r)}>${t("appointment_confirm")}</button>
        <button class="button button-secondary" type="button" @click=${() => act("ask_another_date", r)}>${t("appointment_ask_another")}</button>` : nothing}
      ${open(r) ? html`<button class="button button-secondary" type="button" @click=${() => act("withdraw_appointment", r)}>${t("appointment_withdraw")}</button>` : nothing}
    </div>
    <details class="confirm-delete">
      <summary class="button button-secondary">${t("appointment_delete")}</summary>
      <p>${t("appointment_delete_confirm_text")}</p>
      <button class="button" type="button" @click=${() => act("delete_appointment", r)}>${t("appointment_delete_confirm")}</button>
    </details>
  </li>`
}

/** The section of My space. */
export async function myAppointments() {
  const [requests, places] = await Promise.all([store.mine("appointment_requests"), store.all("places")])
  const placeOf = new Map(places.map((p) => [p.id, p]))
  const list = requests.sort((a, b) => String(b.created || "").localeCompare(String(a.created || "")))
  return html`<section aria-labelledby="me-appointments"><h2 id="me-appointments" tabindex="-1">${t("me_appointments")}</h2>
    ${list.length ? html`<ul class="cards">${list.map((r) => card(r, placeOf))}</ul>` : empty(t("me_no_appointments"))}
    <a class="button button-secondary" href="/appointment">${t("appointment_ask")}</a>
  </section>`
}
