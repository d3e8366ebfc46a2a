// Information and orientation: the services directory by category, with a
// search that ignores accents and case ("citta" finds "Città").

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, compare } from "../../i18n.js"
import { fold } from "../../fold.js"
import * as store from "../../data/store.js"
import { heading, named, ltr, telHref, webHref, empty } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { marked, hasTranslation, originalToggle } from "../ui/provenance.js"
import { vocab } from "../../vocab.js"
import { countRead } from "../../data/reads.js"

export const title = "nav_services"

function searchable(service) {
  return fold([...Object.values(service.name || {}), ...Object.values(service.summary || {}), service.runner].join(" "))
}

/** Whether the services show their originals ("show original"). */
let showOriginal = false

function serviceItem(service, places) {
  const place = places.find((p) => p.id === service.place)
  // The directory has no detail page: a service counts as opened (data/reads.js)
  // when one of its links is followed (call, write, website, access point).
  return html`<li class="card service" @click=${(e) => { if (e.target.closest("a")) countRead("services", service.id) }}>
    <h3>${marked(service, "name", { tag: "span", showOriginal })}</h3>
    ${marked(service, "summary", { showOriginal })}
    <p class="small">
      <span class="badge">${t("service_nature_" + service.nature)}</span>
      ${service.runner ? named(service.runner) : nothing}
      ${place ? html` · <a href="/places#${place.id}">${named(place.name)}</a>` : nothing}
    </p>
    ${service.is_example ? html`<p class="small note">${t("service_example")}</p>` : nothing}
    <div class="actions">
      ${service.phone ? html`<a class="button button-secondary button-small" href=${telHref(service.phone)}>${icon("phone")}<span>${ltr(service.phone)}</span></a>` : nothing}
      ${service.email ? html`<a class="button button-secondary button-small" href="mailto:${service.email}">${icon("mail")}<span>${t("contacts_write")}</span></a>` : nothing}
      ${webHref(service.website) ? html`<a class="button button-secondary button-small" href=${webHref(service.website)} target="_blank" rel="noopener">${t("service_website")}</a>` : nothing}
    </div>
  </li>`
}

export async function view({ query, navigate }) {
  const [services, places] = await Promise.all([store.all("services"), store.all("places")])
  const q = query.get("q") || ""
  const category = query.get("category") || ""
  // Online, the hub searches every language the person reads (GET
  // /api/hub/search); offline, the same folding over what the phone holds.
  const words = fold(q).split(/\s+/).filter(Boolean)
  const online = words.length ? await store.searchOnline(q) : null
  const found = online && new Set(online.filter((r) => r.collection === "services").map((r) => r.id))
  const shown = services
    .filter((s) => !s.retired) // staff hold retired services too (the services rules); families never do
    .filter((s) => (!category || s.category === category) && (!words.length || (found ? found.has(s.id) : words.every((w) => searchable(s).includes(w)))))
    .sort((a, b) => compare(text(a.name), text(b.name)))

  const update = (form) => {
    const data = new FormData(form)
    const next = new URLSearchParams()
    for (const key of ["q", "category"]) if (data.get(key)) next.set(key, String(data.get(key)))
    navigate("/services" + (next.size ? "?" + next : ""), { replace: true })
  }
  let timer
  const onInput = (e) => {
    clearTimeout(timer)
    timer = setTimeout(() => update(e.target.form), 250)
  }

  return html`${heading(t("services_title"), t("services_lead"))}
    ${store.currentUser()?.role === "staff" ? html`<p><a class="button button-secondary" href="/staff/directory">${t("link_directory_manage")}</a></p>` : nothing}
    <form class="search" role="search" @submit=${(e) => { e.preventDefault(); update(e.target) }}>
      <label class="field"><span>${t("services_search")}</span>
        <input type="search" name="q" .value=${q} @input=${onInput} autocomplete="off"></label>
      <label class="field"><span>${t("services_category")}</span>
        <select name="category" @change=${(e) => update(e.target.form)}>
          <option value="" ?selected=${!category}>${t("filter_all")}</option>
          ${vocab.service_categories.map((c) => html`<option value=${c} ?selected=${c === category}>${t("service_category_" + c)}</option>`)}
        </select></label>
    </form>
    <p class="small" role="status">${t("services_count", { Count: shown.length })}</p>
    ${showOriginal || shown.some((s) => hasTranslation(s, ["name", "summary"]))
      ? html`<p>${originalToggle(showOriginal, () => { showOriginal = !showOriginal; navigate(location.pathname + location.search, { replace: true }) })}</p>` : nothing}
    ${shown.length ? nothing : empty(t("services_empty"))}
    ${vocab.service_categories.filter((c) => shown.some((s) => s.category === c)).map((c) => html`
      <section aria-labelledby="cat-${c}">
        <h2 id="cat-${c}">${t("service_category_" + c)}</h2>
        <ul class="cards">${shown.filter((s) => s.category === c).map((s) => serviceItem(s, places))}</ul>
      </section>`)}`
}
