// Groups: "0-6 anni", Soresina and the others: what they are, where they meet.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, content, named } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "nav_groups"

export async function view() {
  const [groups, places, mine] = await Promise.all([store.all("groups"), store.all("places"), store.mine("memberships")])
  return html`${heading(t("groups_title"), t("groups_lead"))}
    <ul class="cards">${groups.map((g) => {
      const place = places.find((p) => p.id === g.place)
      const membership = mine.find((m) => m.group === g.id)
      return html`<li class="card">
        <a class="card-link" href="/groups/${g.id}">
          <span class="card-title">${content(g.name, "span")}</span>
          ${place ? html`<span class="card-meta">${icon("place")} ${named(place.name)}</span>` : nothing}
          <span class="card-meta">${t("group_policy_" + g.join_policy)}</span>
          ${membership ? html`<span class="badge">${t("membership_" + membership.status)}</span>` : nothing}
        </a>
      </li>`
    })}</ul>`
}
