// My proposals / My initiatives (/me/proposals): each proposal with its
// state and the staff's reason, a change waiting beside a published one,
// and, for a published one, how many registered and who (display names
// and counts only, from GET /api/hub/initiatives when online). The states
// and counts come from the phone's synced data, so they show offline.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, inline, empty } from "../ui/ui.js"

export const title = "proposals_title"

/** Names of who registered, fetched once per visit when online. */
let names = null
async function registered() {
  if (names || !navigator.onLine || !store.token()) return names
  try {
    const res = await fetch("/api/hub/initiatives", { headers: store.headers() })
    if (res.ok) names = (await res.json()).activities || {}
  } catch {}
  return names
}

/**
 * The staff's reason: the template in the reader's own language (the hub's
 * list, vocab.reason_templates) and the staff's own words as written.
 */
function reason(template, text) {
  return html`${template ? html`<span class="reason-template">${t("moderation_template_" + template)}</span>` : nothing}
    ${text ? html`<span class="reason-text" dir="auto">${text}</span>` : nothing}`
}

function act(name, activity, where) {
  return () => store.mutate(name, { activity: activity.id }, { where })
}

/** What the owner reads of their change to a published activity, by the revision's status. */
const REVISION_SAYS = {
  pending: "proposal_revision_pending",
  changes_requested: "proposal_revision_changes",
  rejected: "proposal_revision_rejected",
}

function proposalCard(first, dates, revision, registrations, who) {
  const where = "/me/proposals"
  const s = first.status
  const waiting = dates.some((d) => d._pending)
  const people = (r) => r.adults + (r.children || 0)
  const going = registrations.filter((r) => r.status === "going" || r.status === "offered").reduce((n, r) => n + people(r) - (r.waiting || 0), 0)
  const onList = registrations.reduce((n, r) => n + (r.status === "waitlisted" ? people(r) : r.status === "going" ? r.waiting || 0 : 0), 0)
  return html`<li class="card proposal" data-id=${first.id}>
    <span class="card-when">${formatDayTime(first.starts_at, first.ends_at)}</span>
    ${dates.length > 1 ? html`<span class="small">${t("proposal_dates", { Count: dates.length })}</span>` : nothing}
    <h3 class="card-title">${inline(first.title)}</h3>
    <p><span class="badge proposal-state">${t("proposal_state_" + s)}</span>
      ${waiting ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    ${(s === "changes_requested" || s === "rejected") && (first.moderation_reason || first.moderation_template) ? html`<p class="reason"><strong>${t("proposal_reason")}:</strong>
      ${reason(first.moderation_template, first.moderation_reason)}</p>` : nothing}
    ${revision ? html`<p class="revision">${t(REVISION_SAYS[revision.status] || "proposal_revision_pending")}
      ${revision.status !== "pending" ? reason(revision.reason_template, revision.reason) : nothing}</p>` : nothing}
    ${s === "approved" || s === "cancelled" ? html`<p>${t("initiatives_going", { Count: going })} · ${t("initiatives_waiting", { Count: onList })}</p>
      ${who ? html`<details><summary>${t("initiatives_who")}</summary><ul>${who.registrations.map((r) => html`<li>
        <bdi dir="auto">${r.name || t("initiatives_family")}</bdi>: ${t("initiatives_people", { Adults: r.adults, Children: r.children })}
        ${r.status !== "going" ? html`(${t("registration_status_" + r.status)})` : nothing}</li>`)}</ul></details>`
        : registrations.length ? html`<p class="small">${t("initiatives_names_offline")}</p>` : nothing}` : nothing}
    <div class="actions">
      ${s !== "cancelled" ? html`<a class="button button-secondary" href="/propose/${first.id}">${t("proposal_edit")}</a>` : nothing}
      ${["draft", "changes_requested", "rejected"].includes(s) ? html`<button class="button" type="button" @click=${act("submit_proposal", first, where)}>${t("propose_submit")}</button>` : nothing}
      ${["pending", "changes_requested", "rejected"].includes(s) ? html`<button class="button button-secondary" type="button" @click=${act("withdraw_proposal", first, where)}>${t("proposal_withdraw")}</button>` : nothing}
      ${s === "approved" ? html`<button class="button button-secondary" type="button" @click=${act("withdraw_proposal", first, where)}>${t("proposal_cancel")}</button>` : nothing}
    </div>
  </li>`
}

export async function view({ navigate }) {
  const user = store.currentUser()
  if (!user) {
    navigate("/signin", { replace: true })
    return nothing
  }
  const [activities, organizations, revisions, registrations, who] = await Promise.all([
    store.all("activities"), store.all("organizations"), store.all("activity_revisions"), store.all("registrations"), registered()])
  const myOrgs = new Set(organizations.filter((o) => (o.members || []).includes(user.id)).map((o) => o.id))
  const mine = activities.filter((a) => a.proposer === user.id || (a.organization && myOrgs.has(a.organization)))
    .sort((a, b) => String(a.starts_at).localeCompare(String(b.starts_at)))
  // A cycle (several dates made at once) is one proposal.
  const proposals = new Map()
  for (const a of mine) {
    const key = a.series && a.series.startsWith("proposal-") ? a.series : a.id
    if (!proposals.has(key)) proposals.set(key, [])
    proposals.get(key).push(a)
  }
  const association = user.role === "association"
  return html`${heading(t(association ? "initiatives_title" : "proposals_title"))}
    <a class="button" href="/propose">${t("propose_title")}</a>
    ${proposals.size ? html`<ul class="cards">${[...proposals.values()].map((dates) => {
      const first = dates[0]
      const regs = registrations.filter((r) => dates.some((d) => d.id === r.activity) && r.status !== "cancelled")
      const names = who ? dates.flatMap((d) => who[d.id]?.registrations || []) : null
      return proposalCard(first, dates, revisions.find((r) => r.activity === first.id), regs, names && { registrations: names })
    })}</ul>` : empty(t("proposals_none"))}`
}
