// One group: what it is, where, and its activities.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { heading, content, named, activityCard, empty } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { addToCalendar } from "../ui/calendar-links.js"
import { published, announcementSection } from "./announcements.js"

export const title = "nav_groups"

/** Joining or leaving, through the outbox: it works offline and shows at once. */
function membershipBox(group, membership) {
  if (!store.currentUser()) return nothing
  const where = "/groups/" + group.id
  if (membership) {
    return html`<p><span class="badge">${t("membership_" + membership.status)}</span>
      ${membership._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
      <button class="button button-secondary" @click=${() => store.mutate("leave_group", { membership: membership.id }, { where })}>${t("group_leave")}</button>`
  }
  return html`<button class="button" @click=${() => store.mutate("join_group", { membership: newRecordId(), group: group.id }, { where })}>
    ${t(group.join_policy === "open" ? "group_join" : "group_ask_to_join")}</button>`
}

export async function view({ params }) {
  const [group, places, activities, memberships, announcements] = await Promise.all([store.one("groups", params.id), store.all("places"), store.all("activities"),
    store.mine("memberships"), store.all("announcements")])
  if (!group) {
    return html`${heading(t("group_gone_title"))}<p>${t("group_gone_text")}</p><a class="button" href="/groups">${t("nav_groups")}</a>`
  }
  const place = places.find((p) => p.id === group.place)
  const now = new Date()
  const list = activities.filter((a) => (a.status === "approved" || a.status === "cancelled") && a.group === group.id && new Date(a.ends_at) > now).sort((a, b) => a.starts_at.localeCompare(b.starts_at))
  return html`<a class="back-link" href="/groups">${icon("back")}${t("nav_groups")}</a>
    ${heading(content(group.name, "span"))}
    ${content(group.description)}
    ${place ? html`<p>${icon("place")} <a href="/places#${place.id}">${named(place.name)}</a></p>` : nothing}
    <p class="note">${t("group_policy_" + group.join_policy)}</p>
    ${membershipBox(group, memberships.find((m) => m.group === group.id))}
    ${announcementSection(published(announcements, (a) => a.group === group.id), "group-announcements")}
    <h2>${t("group_activities")}</h2>
    ${list.length ? html`<ul class="cards">${list.map((a) => activityCard(a, places))}</ul>` : empty(t("calendar_empty"))}
    <a class="button button-secondary" href="/calendar?group=${group.id}">${t("group_in_calendar")}</a>
    <div class="actions">${addToCalendar({ group })}
      <a class="button button-secondary" href="/poster/group/${group.id}">${t("poster_make")}</a></div>`
}
