// The appointment queue (/staff/appointments): the families' requests for a
// listening space or a consultation, confidential (only staff and the
// family that asked ever see one: internal/appointments). New requests
// first, oldest first, then those asking for another date, those with a
// date proposed and those confirmed; each with what the family wrote, how
// to reach them, and a form to propose a date and place, and "mark as
// done". Both go through the outbox (propose_appointment,
// close_appointment), so they work offline; the hub checks them as its
// records API does and a refusal is shown at the top of this screen, in the
// staff member's language. Loaded only when opened.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime, formatDateTime, weekdayName, languageName, romeDate } from "../../i18n.js"
import * as store from "../../data/store.js"
import { vocab } from "../../vocab.js"
import { heading, named, ltr, telHref, empty, useStylesheets } from "../ui/ui.js"
import { romeToUTC } from "../propose/when.js"

export const title = "staff_appointments_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const where = "/staff/appointments"

/** The queue's sections, in the order staff work through them. */
const sections = [
  ["new", "staff_appointments_new"],
  ["another_asked", "staff_appointments_another_asked"],
  ["proposed", "staff_appointments_proposed"],
  ["confirmed", "staff_appointments_confirmed"],
]

const useStyles = () => useStylesheets("/components/staff/staff.css")

let refresh = () => {}

async function propose(e, r) {
  e.preventDefault()
  const data = new FormData(e.target)
  const at = romeToUTC(String(data.get("day") || ""), String(data.get("time") || ""))
  await store.mutate("propose_appointment", {
    appointment: r.id, at: at ? at.replace(" ", "T") : "", place: String(data.get("place") || ""),
    note: String(data.get("note") || "").trim(),
  }, { where })
  refresh()
}

async function close(r) {
  await store.mutate("close_appointment", { appointment: r.id }, { where })
  refresh()
}

/** One line of what the family wrote: a label and a value (nothing when empty). */
function fact(label, value) {
  return value ? html`<div><dt>${label}</dt><dd>${value}</dd></div>` : nothing
}

function contact(r) {
  if (r.contact_method === "email" && r.contact_email) return html`<a href=${"mailto:" + r.contact_email}>${ltr(r.contact_email)}</a>`
  if (r.contact_phone) return html`<a href=${telHref(r.contact_phone)}>${ltr(r.contact_phone)}</a>`
  return ""
}

function proposeForm(r, places) {
  const id = "propose-" + r.id
  return html`<form class="form propose-form" @submit=${(e) => propose(e, r)} aria-labelledby=${id}>
    <h4 id=${id}>${t("staff_appointments_propose")}</h4>
    <div class="slot-row">
      <label class="slot-time">${t("staff_appointments_date")}
        <input type="date" name="day" required min=${romeDate(Date.now())}></label>
      <label class="slot-time">${t("staff_appointments_time")}
        <input type="time" name="time" required value="10:00"></label>
    </div>
    <label class="field"><span>${t("staff_appointments_where")}</span>
      <select name="place" required>
        ${places.map((p) => html`<option value=${p.id} lang=${vocab.source_language || "it"} ?selected=${p.id === (r.proposed_place || r.preferred_place)}>${p.name}</option>`)}
      </select></label>
    <label class="field"><span>${t("staff_appointments_note")}</span>
      <textarea name="note" rows="2" maxlength="1000"></textarea></label>
    <button class="button" type="submit">${t("staff_appointments_send")}</button>
  </form>`
}

function card(r, people, placeOf, places) {
  const who = people.get(r.user)
  const preferred = placeOf.get(r.preferred_place)
  const proposedAt = placeOf.get(r.proposed_place)
  return html`<li class="card appointment-request" data-id=${r.id}>
    <h3>${t("appointment_topic_" + r.topic)}</h3>
    <p class="small">${t("staff_appointments_sent", { date: formatDateTime(r.created) })}
      ${r._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    <dl class="request-facts">
      ${fact(t("staff_appointments_who"), who?.name ? html`<span dir="auto">${who.name}</span>` : "")}
      ${fact(t("staff_appointments_contact"), contact(r))}
      ${fact(t("staff_appointments_language"), r.language ? languageName(r.language) : "")}
      ${fact(t("staff_appointments_place"), preferred ? named(preferred.name) : t("appointment_place_any"))}
      ${fact(t("staff_appointments_days"), (r.preferred_days || []).map((d) => weekdayName(Number(d))).join(", "))}
      ${fact(t("staff_appointments_parts"), (r.preferred_parts || []).map((p) => t("day_part_" + p)).join(", "))}
      ${fact(t("staff_appointments_times"), r.preferred_times ? html`<span dir="auto">${r.preferred_times}</span>` : "")}
      ${fact(t("staff_appointments_message"), r.message ? html`<span class="request-message" dir="auto">${r.message}</span>` : "")}
      ${fact(t("staff_appointments_current"), r.proposed_at
        ? html`${formatDayTime(r.proposed_at)}${proposedAt ? html`, ${named(proposedAt.name)}` : nothing}` : "")}
    </dl>
    ${proposeForm(r, places)}
    <div class="actions">
      <button class="button button-secondary" type="button" @click=${() => close(r)}>${t("staff_appointments_done")}</button>
    </div>
  </li>`
}

export async function view({ navigate }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") {
    return html`${heading(t("staff_appointments_title"))}<p>${t("staff_only_screen")}</p>`
  }
  const [requests, users, places] = await Promise.all([store.all("appointment_requests"), store.all("users"), store.all("places")])
  const people = new Map(users.map((u) => [u.id, u]))
  const placeOf = new Map(places.map((p) => [p.id, p]))
  const byName = [...places].sort((a, b) => String(a.name).localeCompare(String(b.name), "it"))
  const oldestFirst = (a, b) => String(a.created || "").localeCompare(String(b.created || ""))
  const open = sections.map(([status, key]) => [status, key, requests.filter((r) => r.status === status).sort(oldestFirst)])
  const any = open.some(([, , list]) => list.length)
  return html`${heading(t("staff_appointments_title"), t("staff_appointments_private"))}
    ${any ? open.map(([status, key, list]) => list.length ? html`<section aria-labelledby=${"queue-" + status}>
        <h2 id=${"queue-" + status}>${t(key)} <span class="badge">${list.length}</span></h2>
        <ul class="cards">${list.map((r) => card(r, people, placeOf, byName))}</ul>
      </section>` : nothing) : empty(t("staff_appointments_empty"))}`
}
