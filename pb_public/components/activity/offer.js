// A place offered from the waiting list (internal/registration, offers):
// the family confirms it before offer_until, or gives it back, and it
// passes to the next family. Shown on Home, in My space and on the
// activity's page; the answer goes through the outbox like every write
// (confirm_offer, decline_offer), and the server says if it came too late.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDateTime, formatDayTime } from "../../i18n.js"
import { inline } from "../ui/ui.js"
import * as store from "../../data/store.js"

/** The family's open offers, soonest deadline first, with their activities. */
export function openOffers(registrations, activities) {
  const byId = new Map(activities.map((a) => [a.id, a]))
  return registrations.filter((r) => r.status === "offered" && byId.has(r.activity))
    .sort((a, b) => String(a.offer_until).localeCompare(String(b.offer_until)))
    .map((r) => ({ registration: r, activity: byId.get(r.activity) }))
}

/**
 * @param {{registration: any, activity: any}} offer
 * @param {{where: string, withTitle?: boolean}} options where: the screen (for a refusal's reason)
 */
export function offerCard({ registration, activity }, { where, withTitle = true }) {
  const id = "offer-" + registration.id
  const answer = (name) => store.mutate(name, { registration: registration.id }, { where })
  return html`<section class="card offer" aria-labelledby=${id}>
    <h2 id=${id}>${t("offer_title")}</h2>
    ${withTitle ? html`<p><a href="/activity/${activity.id}">${inline(activity.title)}</a><br><span class="small">${formatDayTime(activity.starts_at)}</span></p>` : nothing}
    <p>${t("offer_text", { until: formatDateTime(registration.offer_until) })}</p>
    <div class="actions">
      <button class="button" type="button" @click=${() => answer("confirm_offer")}>${t("offer_confirm")}</button>
      <button class="button button-secondary" type="button" @click=${() => answer("decline_offer")}>${t("offer_decline")}</button>
    </div>
  </section>`
}
