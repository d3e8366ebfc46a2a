// My space: my registrations, my groups, my profile (only age bands of the
// children, never names or birth dates) and language.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, text, lang, languageName, formatDay, formatTime } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, empty } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"
import { vocab } from "../../vocab.js"

export const title = "me_title"

async function saveProfile(e) {
  e.preventDefault()
  const form = e.target
  const data = new FormData(form)
  const status = form.querySelector(".form-status")
  try {
    await store.saveProfile({ municipality: String(data.get("municipality") || ""), children_age_bands: data.getAll("bands").map(String) })
    render(t("me_saved"), status)
  } catch (err) {
    render(errorMessage(err), status)
  }
}

export async function view({ navigate }) {
  const user = store.currentUser()
  if (!user) {
    navigate("/signin", { replace: true })
    return nothing
  }
  const [registrations, memberships] = await Promise.all([store.all("my_registrations"), store.all("my_memberships")])
  const active = registrations.filter((r) => r.status !== "cancelled" && r.expand?.activity)
  return html`${heading(t("me_title"), user.email)}
    <section aria-labelledby="me-regs"><h2 id="me-regs">${t("me_registrations")}</h2>
      ${active.length ? html`<ul class="cards">${active.map((r) => html`<li class="card"><a class="card-link" href="/activity/${r.activity}">
        <span class="card-when">${formatDay(r.expand.activity.starts_at)}, ${formatTime(r.expand.activity.starts_at)}</span>
        <span class="card-title" dir="auto">${text(r.expand.activity.title)}</span>
        <span class="badge">${t("registration_status_" + r.status)}</span></a></li>`)}</ul>` : empty(t("me_no_registrations"))}
    </section>
    <section aria-labelledby="me-groups"><h2 id="me-groups">${t("me_groups")}</h2>
      ${memberships.length ? html`<ul class="cards">${memberships.map((m) => html`<li class="card"><a class="card-link" href="/groups/${m.group}">
        <span class="card-title" dir="auto">${text(m.expand?.group?.name)}</span>
        <span class="badge">${t("membership_" + m.status)}</span></a></li>`)}</ul>` : empty(t("me_no_groups"))}
    </section>
    <section class="card" aria-labelledby="me-profile"><h2 id="me-profile">${t("me_profile")}</h2>
      <p>${t("language_choose")}: <a href="/language">${languageName(lang())}</a></p>
      <form class="form" @submit=${saveProfile}>
        <label class="field"><span>${t("me_municipality")}</span><input name="municipality" autocomplete="address-level2" .value=${user.municipality || ""}></label>
        <fieldset class="field"><legend>${t("me_children_bands")}</legend>
          <p class="small">${t("me_children_bands_help")}</p>
          ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="bands" value=${b} ?checked=${(user.children_age_bands || []).includes(b)}>
            <span>${t("age_band", { band: b })}</span></label>`)}
        </fieldset>
        <p class="form-status" role="status"></p>
        <button class="button" type="submit">${t("me_save")}</button>
      </form>
    </section>
    <button class="button button-secondary" @click=${async () => { await store.signOut(); navigate("/", { replace: true }) }}>${t("signout")}</button>`
}
