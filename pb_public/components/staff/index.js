// The staff's desk: one link per tool. Each tool adds its own line to
// `tools` (path, icon, title key); the menu links here for staff only.

import { html } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "nav_staff_desk"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

/** [path, icon, title key] of every staff tool, in the order of a working week. */
const tools = [
  ["/staff/moderation", "info", "staff_moderation_title"],
  ["/places", "info", "staff_desk_places"],
  ["/staff/directory", "info", "staff_directory_title"],
  ["/translate", "language", "nav_translate"],
  ["/staff/announcements", "info", "staff_announcements_title"],
  ["/staff/groups", "group", "staff_groups_title"],
  ["/staff/appointments", "clock", "staff_appointments_title"],
  ["/staff/figures", "info", "figures_title"],
  ["/staff/reports", "info", "staff_reports_title"],
  ["/staff/audit", "info", "staff_audit_title"],
]

export async function view() {
  if (store.currentUser()?.role !== "staff") return html`${heading(t("nav_staff_desk"))}<p>${t("staff_only_screen")}</p>`
  return html`${heading(t("nav_staff_desk"))}
    <nav class="link-list" aria-label=${t("nav_staff_desk")}>
      ${tools.map(([path, name, key]) => html`<a href=${path}>${icon(name)}<span>${t(key)}</span>${icon("forward")}</a>`)}
    </nav>`
}
