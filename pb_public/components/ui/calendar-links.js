// "Add to my calendar": the one activity as a file (made on the phone, so it
// works offline: data/ics.js) or a subscription to a feed the hub keeps up
// to date (webcal://, GET /api/hub/calendar/{all|group}.ics,
// internal/calendar): new dates, changes and cancellations reach the
// phone's calendar by themselves.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text } from "../../i18n.js"
import { icon } from "./icons.js"

/** The webcal:// address of a feed path of this hub. @param {string} path */
export function webcal(path) {
  return "webcal://" + location.host + path
}

/** @param {string} name "all", or a group's slug or id */
export function feedPath(name) {
  return "/api/hub/calendar/" + encodeURIComponent(name) + ".ics"
}

/**
 * @param {{download?: () => void, group?: any}} options the single file's
 *   maker (an activity), the group whose feed to offer (public groups only:
 *   a private group's feed is not served)
 */
export function addToCalendar({ download, group }) {
  return html`<details class="add-calendar">
    <summary class="button button-secondary">${icon("calendar")}<span>${t("activity_add_calendar")}</span></summary>
    <div class="add-calendar-options">
      ${download ? html`<button class="button button-secondary" @click=${download}>${icon("download")}<span>${t("calendar_this_activity")}</span></button>` : nothing}
      ${group?.public ? html`<a class="button button-secondary" href=${webcal(feedPath(group.slug || group.id))}>${t("calendar_subscribe_group", { Group: text(group.name) })}</a>` : nothing}
      <a class="button button-secondary" href=${webcal(feedPath("all"))}>${t("calendar_subscribe_all")}</a>
      <p class="small">${t("calendar_subscribe_note")}</p>
    </div>
  </details>`
}
