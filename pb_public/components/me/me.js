// My space: my registrations, my groups, my profile (only age bands of the
// children, never names or birth dates) and language.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, inline, empty } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"
import { vocab } from "../../vocab.js"
import { myCalendar } from "./calendar.js"
import { myAppointments } from "./appointments.js"
import { openOffers, offerCard } from "../activity/offer.js"

export const title = "me_title"

/** The profile, through the outbox: saved on the phone at once, sent when it can be. */
async function saveProfile(e, refused) {
  e.preventDefault()
  const form = e.target
  const data = new FormData(form)
  const status = form.querySelector(".form-status")
  try {
    await store.mutate("update_profile", { municipality: String(data.get("municipality") || ""), children_age_bands: data.getAll("bands").map(String) },
      { where: "/me", replaces: refused?.id })
    render(t("me_saved"), status)
  } catch (err) {
    render(errorMessage(err), status)
  }
}

/** Signing out deletes this phone's copy of the person's data: first say what is not sent yet. */
async function signOut(e, navigate, pending) {
  const details = e.target.closest(".signout")
  if (pending && !details.open) {
    details.open = true
    details.querySelector("h3")?.focus()
    return
  }
  await leave(navigate)
}

/** Home first: my space without a person would send to the sign-in screen. */
async function leave(navigate) {
  navigate("/", { replace: true })
  await store.signOut()
}

function signOutBox(navigate, pending) {
  return html`<details class="signout">
    <summary class="button button-secondary" @click=${(e) => { e.preventDefault(); signOut(e, navigate, pending) }}>${t("signout")}</summary>
    <h3 tabindex="-1">${t("signout_pending_title")}</h3>
    <p>${t("signout_pending", { Count: pending })}</p>
    <button class="button" type="button" @click=${() => leave(navigate)}>${t("signout_anyway")}</button>
    <button class="button button-secondary" type="button" @click=${(e) => { e.target.closest("details").open = false }}>${t("signout_keep")}</button>
  </details>`
}

// My data: the export and the deletion of the account
// (GET /api/hub/me/export, DELETE /api/hub/me; internal/mydata).

async function downloadMyData(e) {
  const status = e.target.closest("section").querySelector(".export-status")
  if (!navigator.onLine) return render(t("me_needs_connection"), status)
  try {
    const { blob, name } = await store.exportMyData()
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name })
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 10000)
    render(t("me_export_done"), status)
  } catch (err) {
    render(errorMessage(err), status)
  }
}

let accountDeleted = false

async function deleteAccount(e) {
  const status = e.target.closest("details").querySelector(".form-status")
  if (!navigator.onLine) return render(t("me_needs_connection"), status)
  try {
    accountDeleted = true
    await store.deleteAccount()
  } catch (err) {
    accountDeleted = false
    render(errorMessage(err), status)
  }
}

function myData() {
  return html`<section class="card" aria-labelledby="me-data"><h2 id="me-data">${t("me_data_title")}</h2>
      <p>${t("me_data_intro")}</p>
      <button class="button button-secondary" type="button" @click=${downloadMyData}>${t("me_export")}</button>
      <p class="form-status export-status" role="status"></p>
      <details class="confirm-delete">
        <summary class="button button-secondary">${t("me_delete")}</summary>
        <h3>${t("me_delete_title")}</h3>
        <p>${t("me_delete_goes")}</p>
        <p>${t("me_delete_stays")}</p>
        <button class="button" type="button" @click=${deleteAccount}>${t("me_delete_confirm")}</button>
        <button class="button button-secondary" type="button" @click=${(e) => { e.target.closest("details").open = false }}>${t("me_delete_keep")}</button>
        <p class="form-status" role="alert"></p>
      </details>
    </section>`
}

export async function view({ navigate, state }) {
  const user = store.currentUser()
  if (user) accountDeleted = false
  if (!user && accountDeleted) {
    return html`${heading(t("me_title"))}<p role="status">${t("me_deleted")}</p><a class="button" href="/">${t("nav_home")}</a>`
  }
  if (!user) {
    navigate("/signin", { replace: true })
    return nothing
  }
  const [registrations, memberships, activities, groups, me] = await Promise.all([
    store.mine("registrations"), store.mine("memberships"), store.all("activities"), store.all("groups"), store.profile()])
  const byId = (list) => new Map(list.map((r) => [r.id, r]))
  const activityOf = byId(activities)
  const groupOf = byId(groups)
  const active = registrations.filter((r) => r.status !== "cancelled" && activityOf.has(r.activity))
    .sort((a, b) => activityOf.get(a.activity).starts_at.localeCompare(activityOf.get(b.activity).starts_at))
  const refused = state.outbox.rejected.find((m) => m.where === "/me" && m.name === "update_profile")
  const shown = refused ? { ...me, ...refused.args } : me
  const waiting = (record) => (record?._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing)
  return html`${heading(t("me_title"), user.email)}
    ${openOffers(registrations, activities).map((o) => offerCard(o, { where: "/me" }))}
    <section aria-labelledby="me-regs"><h2 id="me-regs">${t("me_registrations")}</h2>
      ${active.length ? html`<ul class="cards">${active.map((r) => html`<li class="card"><a class="card-link" href="/activity/${r.activity}">
        <span class="card-when">${formatDayTime(activityOf.get(r.activity).starts_at)}</span>
        <span class="card-title">${inline(activityOf.get(r.activity).title)}</span>
        <span class="badge">${t("registration_status_" + r.status)}</span>${waiting(r)}</a></li>`)}</ul>` : empty(t("me_no_registrations"))}
    </section>
    <section aria-labelledby="me-groups"><h2 id="me-groups">${t("me_groups")}</h2>
      ${memberships.length ? html`<ul class="cards">${memberships.map((m) => html`<li class="card"><a class="card-link" href="/groups/${m.group}">
        <span class="card-title">${inline(groupOf.get(m.group)?.name)}</span>
        <span class="badge">${t("membership_" + m.status)}</span>${waiting(m)}</a></li>`)}</ul>` : empty(t("me_no_groups"))}
    </section>
    <p><a class="button button-secondary" href="/me/proposals">${t("me_proposals_link")}</a></p>
    <p><a class="button button-secondary" href="/me/notifications">${t("notify_title")}</a></p>
    ${await myAppointments()}
    <section class="card" aria-labelledby="me-profile"><h2 id="me-profile">${t("me_profile")}</h2>
      <p>${t("language_choose")}: <a href="/language">${languageName(lang())}</a></p>
      <form class="form" @submit=${(e) => saveProfile(e, refused)}>
        ${waiting(me)}
        <label class="field"><span>${t("me_municipality")}</span><input name="municipality" autocomplete="address-level2" .value=${shown.municipality || ""}></label>
        <fieldset class="field"><legend>${t("me_children_bands")}</legend>
          <p class="small">${t("me_children_bands_help")}</p>
          ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="bands" value=${b} .checked=${(shown.children_age_bands || []).includes(b)}>
            <span>${t("age_band", { band: b })}</span></label>`)}
        </fieldset>
        <p class="form-status" role="status"></p>
        <button class="button" type="submit">${t("me_save")}</button>
      </form>
    </section>
    ${await myCalendar(user)}
    ${myData()}
    ${signOutBox(navigate, state.outbox.pending)}`
}
