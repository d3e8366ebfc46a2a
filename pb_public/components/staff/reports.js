// Reports for staff (/staff/reports): the open reports, one card per
// activity (how many, each reason and text, whether three accounts' reports
// hid it), from the sync feed (staff read every report; internal/reports).
// Staff dismiss them (the activity shows again) or act: cancel or reject
// the activity with the reason its organisers read. Through the outbox
// (dismiss_reports, act_on_reports), so it works offline; the hub decides
// once (reports.Decide) and refuses reports someone decided first
// (report_none_open, shown at the top). Reporters stay anonymous here too:
// what was said matters, not who said it. Loaded only when staff open it.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime, formatDateTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, inline, empty, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "staff_reports_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const where = "/staff/reports"
/** Each activity's reason being written, and its problem, kept across re-renders. */
const reasons = new Map()
const problems = new Map()
let decided = false
let refresh = () => {}

const useStyles = () => useStylesheets("/components/staff/staff.css")

/** The open reports by activity, the most reported first, then the oldest. */
async function queue() {
  const open = (await store.all("reports")).filter((r) => r.status === "open")
  const byActivity = new Map()
  for (const r of open) {
    if (!byActivity.has(r.activity)) byActivity.set(r.activity, [])
    byActivity.get(r.activity).push(r)
  }
  const items = []
  for (const [id, list] of byActivity) {
    const activity = await store.one("activities", id)
    if (!activity || activity._reports_decided) continue // decided on this phone, waiting for the hub
    list.sort((a, b) => String(a.created).localeCompare(String(b.created)))
    items.push({ activity, reports: list })
  }
  return items.sort((a, b) => b.reports.length - a.reports.length || String(a.reports[0].created).localeCompare(String(b.reports[0].created)))
}

async function decide(activity, outcome) {
  const reason = (reasons.get(activity.id) || "").trim()
  if (outcome !== "dismiss" && !reason) {
    problems.set(activity.id, t("report_decision_reason_required"))
    refresh()
    document.getElementById("reason-" + activity.id)?.focus()
    return
  }
  if (outcome === "dismiss") await store.mutate("dismiss_reports", { activity: activity.id }, { where })
  else await store.mutate("act_on_reports", { activity: activity.id, outcome, reason }, { where })
  reasons.delete(activity.id)
  problems.delete(activity.id)
  decided = true
  refresh()
}

function card({ activity, reports }) {
  const id = activity.id
  const problem = problems.get(id)
  return html`<li class="card report-card" data-activity=${id}>
    <h2 class="card-title" id=${"report-title-" + id}>${inline(activity.title)}</h2>
    <p class="card-when">${icon("clock")} ${formatDayTime(activity.starts_at, activity.ends_at)}</p>
    <p><span class="badge">${t("staff_reports_count", { Count: reports.length })}</span>
      ${activity.hidden ? html`<span class="badge badge-alert">${t("staff_reports_hidden")}</span>` : nothing}</p>
    <ul class="report-list">${reports.map((r) => html`<li>
      <strong>${t("report_reason_" + r.reason)}</strong> <span class="small">· ${formatDateTime(r.created)}</span>
      ${r.text ? html`<p class="request-message" dir="auto">${r.text}</p>` : nothing}
    </li>`)}</ul>
    <p><a class="inline-link" href="/activity/${id}">${t("staff_reports_open")}</a></p>
    <form class="form report-decision" novalidate aria-labelledby=${"report-title-" + id} @submit=${(e) => e.preventDefault()}>
      <button class="button" type="button" data-action="dismiss" @click=${() => decide(activity, "dismiss")}>${t("staff_reports_dismiss")}</button>
      <label class="field"><span>${t("staff_reports_reason")}</span>
        <textarea id=${"reason-" + id} rows="2" maxlength="1000" dir="auto" aria-describedby=${problem ? "problem-" + id : nothing}
          .value=${reasons.get(id) || ""} @input=${(e) => { reasons.set(id, e.target.value); problems.delete(id) }}></textarea></label>
      ${problem ? html`<p id=${"problem-" + id} class="field-error" role="alert">${problem}</p>` : nothing}
      <div class="actions">
        <button class="button button-secondary" type="button" data-action="cancel" @click=${() => decide(activity, "cancel")}>${t("staff_reports_cancel")}</button>
        <button class="button button-secondary" type="button" data-action="reject" @click=${() => decide(activity, "reject")}>${t("staff_reports_reject")}</button>
      </div>
    </form>
  </li>`
}

export async function view({ navigate }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") return html`${heading(t("staff_reports_title"))}<p>${t("staff_only_screen")}</p>`
  const items = await queue()
  return html`${heading(t("staff_reports_title"))}
    ${decided ? html`<p class="banner banner-update" role="status">${t(navigator.onLine ? "staff_saved" : "staff_saved_offline")}</p>` : nothing}
    ${items.length ? html`<ul class="cards report-queue">${items.map(card)}</ul>` : empty(t("staff_reports_none"))}`
}
