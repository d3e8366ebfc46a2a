// Home: what is on next, which access point is open now (or opens next),
// and how to reach the centre.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { openStatus } from "../../data/hours.js"
import { heading, content, named, activityCard, openLine, ltr, telHref, empty } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { installCard } from "../install/card.js"
import { openOffers, offerCard } from "../activity/offer.js"
import { published, announcementSection } from "../groups/announcements.js"

export const title = "nav_home"

/** The place open now, else the one opening soonest. */
function nextOpenPlace(places, now) {
  let best = null
  for (const place of places) {
    const s = openStatus(place, now)
    if (s.state === "open") return place
    if (s.state === "closed" && s.next) {
      const key = s.next.date + s.next.opens
      if (!best || key < best.key) best = { place, key }
    }
  }
  return best?.place
}

export async function view() {
  const [centres, places, activities, registrations, announcements, memberships] = await Promise.all([store.all("centre"), store.all("places"), store.all("activities"),
    store.currentUser() ? store.mine("registrations") : [], store.all("announcements"), store.currentUser() ? store.mine("memberships") : []])
  // Staff's announcements to everyone and to the groups the person is in.
  const mine = new Set(memberships.filter((m) => m.status === "active").map((m) => m.group))
  const news = published(announcements, (a) => !a.group || mine.has(a.group))
  const offers = openOffers(registrations, activities)
  const centre = centres[0]
  const now = new Date()
  const upcoming = activities.filter((a) => a.status === "approved" && new Date(a.ends_at) > now)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at)).slice(0, 3)
  const open = nextOpenPlace(places, now)

  return html`
    ${heading(t("home_title"), centre ? content(centre.tagline, "span") : nothing)}
    ${offers.map((o) => offerCard(o, { where: "/" }))}
    ${announcementSection(news, "home-announcements")}
    ${installCard()}
    <section aria-labelledby="home-open">
      <h2 id="home-open">${t("home_open_title")}</h2>
      ${open ? html`<a class="card card-link place-now" href="/places#${open.id}">
          <span class="card-title">${named(open.name)}</span>${openLine(open, now)}
        </a>` : empty(t("home_open_none"))}
    </section>
    <section aria-labelledby="home-next">
      <h2 id="home-next">${t("home_next_title")}</h2>
      ${upcoming.length ? html`<ul class="cards">${upcoming.map((a) => activityCard(a, places))}</ul>` : empty(t("calendar_empty"))}
      <a class="button button-secondary" href="/calendar">${t("home_all_activities")}${icon("forward")}</a>
    </section>
    ${centre ? html`<section aria-labelledby="home-contacts">
      <h2 id="home-contacts">${t("contacts_title")}</h2>
      <div class="actions">
        <a class="button" href=${telHref(centre.phone)}>${icon("phone")}<span>${t("contacts_call")} ${ltr(centre.phone)}</span></a>
        <a class="button button-secondary" href="mailto:${centre.email}">${icon("mail")}<span>${t("contacts_write")}</span></a>
      </div>
      <p class="small">${ltr(centre.email)}</p>
    </section>` : nothing}
    <nav class="link-list" aria-label=${t("home_more")}>
      <a href="/appointment">${icon("user")}<span>${t("appointment_ask")}</span>${icon("forward")}</a>
      <a href="/groups">${icon("group")}<span>${t("nav_groups")}</span>${icon("forward")}</a>
      <a href="/about">${icon("info")}<span>${t("nav_about")}</span>${icon("forward")}</a>
    </nav>`
}
