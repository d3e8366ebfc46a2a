// Registering for an activity. Online only for now: the offline outbox comes
// with the sync engine, and until then the box says so instead of failing.
//
// A family has one registration per activity (the server's unique index).
// Registering again after cancelling updates that registration, by its id,
// and the server decides the seats anew (internal/registration): the phone
// never creates a second one, so a write replayed later keeps the id the
// phone knows.

import { html, render } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { errorMessage } from "../ui/errors.js"

async function submit(e, activity, mine) {
  e.preventDefault()
  const form = /** @type {HTMLFormElement} */ (e.target)
  const status = form.querySelector(".form-status")
  if (!navigator.onLine) {
    render(t("register_needs_connection"), status)
    return
  }
  const data = new FormData(form)
  const people = { adults: Number(data.get("adults")), children: Number(data.get("children")) }
  render("", status)
  try {
    if (mine) {
      await store.pb.collection("registrations").update(mine.id, { status: "going", ...people })
    } else {
      await store.pb.collection("registrations").create({ activity: activity.id, user: store.currentUser().id, ...people })
    }
    await store.refresh()
  } catch (err) {
    render(errorMessage(err), status)
  }
}

async function cancel(registration) {
  try {
    await store.pb.collection("registrations").update(registration.id, { status: "cancelled" })
    await store.refresh()
  } catch (err) {
    alert(errorMessage(err))
  }
}

export function registrationBox(activity, mine) {
  if (!activity.registration_required) return html`<p class="note">${t("register_not_needed")}</p>`
  if (activity.status !== "approved" || new Date(activity.starts_at) < new Date()) return html`<p class="note">${t("register_closed")}</p>`
  if (!store.currentUser()) {
    return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
      <p>${t("register_sign_in_first")}</p>
      <a class="button" href="/signin?next=${encodeURIComponent("/activity/" + activity.id)}">${t("signin_title")}</a></section>`
  }
  if (mine && mine.status !== "cancelled") {
    return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
      <p class="status ${mine.status === "going" ? "status-open" : ""}" role="status">${t("registration_status_" + mine.status)}</p>
      <p>${t("register_people", { adults: mine.adults, children: mine.children })}</p>
      <button class="button button-secondary" @click=${() => cancel(mine)}>${t("register_cancel")}</button></section>`
  }
  return html`<section class="card" aria-labelledby="reg-title"><h2 id="reg-title">${t("register_title")}</h2>
    <form class="form" @submit=${(e) => submit(e, activity, mine)}>
      <label class="field"><span>${t("register_adults")}</span><input name="adults" type="number" inputmode="numeric" min="1" max="10" value=${mine?.adults || 1} required></label>
      <label class="field"><span>${t("register_children")}</span><input name="children" type="number" inputmode="numeric" min="0" max="10" value=${mine?.children || 0} required></label>
      <p class="form-status" role="alert"></p>
      <button class="button" type="submit">${t("register_submit")}</button>
    </form></section>`
}
