// Attendance at the door: an activity's families going, offered a seat and
// waitlisted, how many they are, and a "came" toggle for each. Read from the
// phone's copy (staff's pull carries registrations, people's names and
// check-ins), so it works without a signal; each toggle is a
// mark_attendance mutation in the outbox, sent once when back online
// (internal/attendance.Mark: staff only, idempotent). The CSV comes from
// GET /api/hub/staff/attendance/{activity}.csv. Loaded only when staff
// open it.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, content, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "attendance_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const useStyles = () => useStylesheets("/components/attendance/attendance.css")

const SECTIONS = [["going", "attendance_going_heading"], ["offered", "attendance_offered_heading"], ["waitlisted", "attendance_waitlisted_heading"]]

async function toggle(line, present) {
  await store.mutate("mark_attendance", { registration: line.id, present, at: new Date().toISOString() }, { where: location.pathname })
}

async function download(activity) {
  const res = await fetch(`/api/hub/staff/attendance/${encodeURIComponent(activity.id)}.csv`, { headers: store.headers() })
  if (!res.ok) return
  const a = document.createElement("a")
  a.href = URL.createObjectURL(await res.blob())
  a.download = (res.headers.get("Content-Disposition")?.match(/filename="([^"]+)"/) || [])[1] || "presenze.csv"
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

function row(line) {
  const came = line.check?.present === true
  const label = `${t("attendance_came")}: ${line.name}`
  return html`<li class="card attendance-row" data-registration=${line.id}>
    <div class="attendance-who">
      <strong dir="auto">${line.name}</strong>
      <span class="small">${t("attendance_people", { adults: line.adults, children: line.children })}</span>
      ${line.check?._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}
    </div>
    <label class="check attendance-came">
      <input type="checkbox" .checked=${came} aria-label=${label} @change=${(e) => toggle(line, e.target.checked)}>
      <span aria-hidden="true">${t("attendance_came")}</span>
    </label>
  </li>`
}

export async function view({ params }) {
  const me = store.currentUser()
  if (me?.role !== "staff") return html`${heading(t("attendance_title"))}<p>${t("staff_only_screen")}</p>`
  useStyles()
  const activity = await store.one("activities", params.activity)
  if (!activity) return html`${heading(t("attendance_title"))}<p>${t("activity_gone_text")}</p>`
  const regs = (await store.all("registrations")).filter((r) => r.activity === activity.id && r.status !== "cancelled")
  const lines = await Promise.all(regs.map(async (r) => ({
    id: r.id, status: r.status, adults: r.adults, children: r.children || 0,
    name: (await store.one("users", r.user))?.name || "—",
    check: await store.one("attendance", r.id),
  })))
  lines.sort((a, b) => a.name.localeCompare(b.name))
  const going = lines.filter((l) => l.status === "going")
  const people = (ls) => ls.reduce((n, l) => n + l.adults + l.children, 0)
  const came = lines.filter((l) => l.check?.present)
  const cameP = came.reduce((n, l) => n + (l.check.adults || 0) + (l.check.children || 0), 0)
  return html`
    <a class="back-link" href="/activity/${activity.id}">${icon("back")}${t("activity_title")}</a>
    ${heading(html`${t("attendance_title")}: ${content(activity.title, "span")}`, formatDayTime(activity.starts_at, activity.ends_at))}
    <p>${t("attendance_summary", { families: going.length, people: people(going) })}</p>
    <p role="status">${t("attendance_came_summary", { families: came.length, people: cameP })}</p>
    <p class="small">${t("attendance_offline_note")}</p>
    ${navigator.onLine ? html`<p><button class="button button-secondary" @click=${() => download(activity)}>${t("attendance_download")}</button></p>` : nothing}
    ${lines.length === 0 ? html`<p>${t("attendance_empty")}</p>` : nothing}
    ${SECTIONS.map(([status, key]) => {
      const ls = lines.filter((l) => l.status === status)
      if (!ls.length) return nothing
      return html`<section aria-labelledby="att-${status}">
        <h2 id="att-${status}">${t(key)} <span class="small">(${t("attendance_summary", { families: ls.length, people: people(ls) })})</span></h2>
        <ul class="cards attendance-list">${ls.map(row)}</ul>
      </section>`
    })}`
}
