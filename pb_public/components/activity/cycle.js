// A cycle (the activities sharing a series, like the five A.Pe meetings):
// each date with its places left and the family's status there, a link to
// register for a single date (its own page), and one button to register
// for every date still open (register_cycle: one registration per date,
// each decided on its own seats by the server).

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"

/** Whether a date still takes registrations (the server decides; this hides the button). */
function open(a, now) {
  const deadline = a.registration_deadline || a.starts_at
  return a.status === "approved" && a.registration_required && new Date(deadline) > now
}

function placesLeft(a) {
  if (a.status === "cancelled") return t("activity_cancelled")
  if (!a.capacity) return ""
  const left = Math.max(0, a.capacity - (a.seats_taken || 0))
  return left > 0 ? t("activity_places_left", { Count: left }) : t("activity_full")
}

async function registerAll(e, dates) {
  e.preventDefault()
  const data = new FormData(/** @type {HTMLFormElement} */ (e.target))
  await store.mutate("register_cycle", {
    dates: dates.map((a) => ({ activity: a.id, registration: newRecordId() })),
    adults: Number(data.get("adults")), children: Number(data.get("children")),
  }, { where: "/activity/" + dates[0].id })
}

/**
 * @param {any} activity the date shown @param {any[]} activities the phone's activities
 * @param {any[]} registrations this person's
 */
export function cycleSection(activity, activities, registrations) {
  if (!activity.series) return nothing
  const dates = activities.filter((a) => a.series === activity.series && (a.status === "approved" || a.status === "cancelled"))
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
  if (dates.length < 2) return nothing
  const now = new Date()
  const mineAt = new Map(registrations.filter((r) => r.status !== "cancelled").map((r) => [r.activity, r]))
  const toJoin = dates.filter((a) => open(a, now) && !mineAt.has(a.id))
  const signedIn = !!store.currentUser()
  return html`<section class="card cycle" aria-labelledby="cycle-title">
    <h2 id="cycle-title">${t("cycle_title")}</h2>
    <ul class="cycle-dates">${dates.map((a) => html`<li class=${a.id === activity.id ? "is-current" : ""}>
      ${a.id === activity.id ? html`<strong>${formatDayTime(a.starts_at)}</strong> <span class="small">(${t("cycle_this_date")})</span>`
        : html`<a href="/activity/${a.id}">${formatDayTime(a.starts_at)}</a>`}
      <span class="small">${placesLeft(a)}</span>
      ${mineAt.has(a.id) ? html`<span class="badge">${t("registration_status_" + mineAt.get(a.id).status)}</span>` : nothing}
    </li>`)}</ul>
    ${signedIn && toJoin.length > 1 ? html`<form class="form" @submit=${(e) => registerAll(e, toJoin)}>
      <label class="field"><span>${t("register_adults")}</span><input name="adults" type="number" inputmode="numeric" min="1" max="10" value="1" required></label>
      <label class="field"><span>${t("register_children")}</span><input name="children" type="number" inputmode="numeric" min="0" max="10" value="0" required></label>
      <button class="button" type="submit">${t("cycle_register_all")}</button>
    </form>` : nothing}
  </section>`
}
