// Registering for an activity, online or offline: every change goes to the
// outbox (data/engine.js), shows at once as "waiting to send", and the hub
// decides the seats when it arrives (a registration made offline for an
// activity that filled meanwhile comes back waitlisted). A change the hub
// refuses is shown by the shell at the top of this screen with its reason;
// the form then offers to correct it, which sends it again.
//
// A family has one registration per activity (the server's unique index).
// Registering again after cancelling updates that registration, by its id,
// and the server decides the seats anew (internal/registration): the phone
// never creates a second one, so a write replayed later keeps the id the
// phone knows.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, formatDateTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { offerCard } from "./offer.js"

async function submit(e, activity, mine, refused) {
  e.preventDefault()
  const form = /** @type {HTMLFormElement} */ (e.target)
  const data = new FormData(form)
  const people = { adults: Number(data.get("adults")), children: Number(data.get("children")) }
  const where = "/activity/" + activity.id
  const replaces = refused?.id
  try {
    if (mine) {
      await store.mutate("change_registration", { registration: mine.id, ...people }, { where, replaces })
    } else {
      const registration = refused?.name === "register" ? refused.args.registration : newRecordId()
      await store.mutate("register", { registration, activity: activity.id, ...people }, { where, replaces })
    }
  } catch {
    render(t("error_status_500"), form.querySelector(".form-status"))
  }
}

function cancel(activity, registration) {
  return store.mutate("cancel_registration", { registration: registration.id }, { where: "/activity/" + activity.id })
}

/** The most people one registration may bring (internal/registration.MaxPeople). */
function maxPeople(activity) {
  return Math.min(20, activity.max_people || 20, activity.capacity || 20)
}

const waiting = (record) => (record?._pending ? html`<p class="badge badge-pending">${t("sync_waiting")}</p>` : nothing)

/**
 * @param {any} activity @param {any} mine this person's registration, as the phone knows it
 * @param {any[]} rejected refused outbox mutations (the shell shows their reasons)
 */
export function registrationBox(activity, mine, rejected = []) {
  if (!activity.registration_required) return html`<p class="note">${t("register_not_needed")}</p>`
  const refused = rejected.find((m) => m.where === "/activity/" + activity.id && ["register", "change_registration"].includes(m.name))
  if (mine?.status === "offered") return offerCard({ registration: mine, activity }, { where: "/activity/" + activity.id, withTitle: false })
  const deadline = activity.registration_deadline || activity.starts_at
  const stillOpen = activity.status === "approved" && new Date(deadline) > new Date()
  const started = new Date(activity.starts_at) < new Date()
  if (started || (!stillOpen && !(mine && mine.status !== "cancelled"))) return html`<p class="note">${t("register_closed")}</p>`
  if (!store.currentUser()) {
    return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
      <p>${t("register_sign_in_first")}</p>
      <a class="button" href="/signin?next=${encodeURIComponent("/activity/" + activity.id)}">${t("signin_title")}</a></section>`
  }
  if (mine && mine.status !== "cancelled") {
    return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
      <p class="status ${mine.status === "going" ? "status-open" : ""}" role="status">${t("registration_status_" + mine.status)}</p>
      ${waiting(mine)}
      <p>${t("register_people", { adults: mine.adults, children: mine.children })}</p>
      ${mine.status === "going" && mine.waiting > 0 ? html`<p>${t("registration_waiting_extra", { Count: mine.waiting })}</p>` : nothing}
      <button class="button button-secondary" @click=${() => cancel(activity, mine)}>${t("register_cancel")}</button></section>`
  }
  const values = refused?.args || mine || {}
  return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
    ${waiting(mine)}
    ${activity.registration_deadline ? html`<p class="small">${t("register_deadline", { when: formatDateTime(activity.registration_deadline) })}</p>` : nothing}
    ${maxPeople(activity) < 20 ? html`<p class="small">${t("register_max_people", { Count: maxPeople(activity) })}</p>` : nothing}
    <form class="form" @submit=${(e) => submit(e, activity, mine, refused)}>
      <label class="field"><span>${t("register_adults")}</span><input name="adults" type="number" inputmode="numeric" min="1" max="10" .value=${String(values.adults || 1)} required></label>
      <label class="field"><span>${t("register_children")}</span><input name="children" type="number" inputmode="numeric" min="0" max="10" .value=${String(values.children || 0)} required></label>
      <p class="form-status" role="alert"></p>
      <button class="button" type="submit">${t(refused ? "sync_send_again" : "register_submit")}</button>
    </form></section>`
}
