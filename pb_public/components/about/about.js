// About: the centre, its three service lines, the partners, the contacts.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, content, named, ltr, telHref } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "nav_about"

export async function view() {
  const [centres, organizations] = await Promise.all([store.all("centre"), store.all("organizations")])
  const centre = centres[0]
  if (!centre) return heading(t("about_title"))
  const partners = organizations.filter((o) => o.partner)
  return html`${heading(t("about_title"))}
    ${content(centre.description)}
    <h2>${t("about_lines")}</h2>
    <ul class="cards">${(centre.service_lines || []).map((line) => html`<li class="card">
      <h3>${content(line.title, "span")}</h3>${content(line.text)}</li>`)}</ul>
    <p><a class="button" href="/appointment">${t("appointment_ask")}</a></p>
    <h2>${t("about_partners")}</h2>
    <ul class="plain-list">${partners.map((o) => html`<li><strong>${named(o.name)}</strong>
      ${o.description ? content(o.description) : nothing}</li>`)}</ul>
    <h2>${t("contacts_title")}</h2>
    <div class="actions">
      <a class="button" href=${telHref(centre.phone)}>${icon("phone")}<span>${t("contacts_call")} ${ltr(centre.phone)}</span></a>
      <a class="button button-secondary" href="mailto:${centre.email}">${icon("mail")}<span>${ltr(centre.email)}</span></a>
    </div>
    ${store.currentUser()?.role === "staff" ? html`<p><a class="button button-secondary" href="/staff/directory">${t("link_directory_manage")}</a></p>` : nothing}`
}
