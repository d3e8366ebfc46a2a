// Staff's announcements as families read them: newest first, the urgent
// ones marked, each text in the first language of the reader's chain that
// has it (else the original), with the same small marks as activities
// ("translated by a mediator", "original in Italian", "may be out of date":
// ../ui/provenance.js). Home shows those to everyone and to the person's groups, a
// group's page those to the group. Withdrawn ones are gone from the phone
// with the next pull (the sync feed's tombstone); they are left out here too.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDateTime } from "../../i18n.js"
import { marked } from "../ui/provenance.js"

/** The published announcements that pass keep, newest first. */
export function published(announcements, keep) {
  return announcements.filter((a) => a.status === "published" && keep(a))
    .sort((a, b) => String(b.published_at).localeCompare(String(a.published_at)))
}

/** A section listing them (nothing when there are none). */
export function announcementSection(list, id) {
  if (!list.length) return nothing
  return html`<section aria-labelledby=${id}>
    <h2 id=${id}>${t("announcements_title")}</h2>
    <ul class="cards">${list.map((a) => html`<li class="card announcement" data-announcement=${a.id}>
      <h3>${a.urgent ? html`<span class="badge badge-alert">${t("announcement_urgent")}</span> ` : nothing}${marked(a, "title", { tag: "span" })}</h3>
      <div class="announcement-body">${marked(a, "body")}</div>
      <p class="small">${formatDateTime(new Date(a.published_at))}</p>
    </li>`)}</ul>
  </section>`
}
