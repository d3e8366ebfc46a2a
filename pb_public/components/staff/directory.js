// Staff keep the services directory and the centre's contacts current: add
// a service, edit it, retire it (hidden from families, kept: a retired
// service can be brought back), and change the centre's e-mail and phone.
// Every change goes through the outbox (create_service, update_service,
// retire_service, update_centre_contacts), so it works offline; the hub
// checks the same rules as its records API and a refusal is shown at the
// top of this screen, in the person's language. Loaded only when opened.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, pick } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { vocab } from "../../vocab.js"
import { heading, inline, useStylesheets } from "../ui/ui.js"

export const title = "staff_directory_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const where = "/staff/directory"

const useStyles = () => useStylesheets("/components/staff/staff.css")

/** The service being edited ("new" for a new one), and the last thing saved. */
let editing = ""
let saved = ""
let refresh = () => {}

async function saveContacts(e, centre) {
  e.preventDefault()
  const data = new FormData(e.target)
  await store.mutate("update_centre_contacts", { centre: centre.id, email: String(data.get("email") || "").trim(), phone: String(data.get("phone") || "").trim() }, { where })
  saved = "contacts"
  refresh()
}

async function saveService(e, service) {
  e.preventDefault()
  const data = new FormData(e.target)
  const source = vocab.source_language || "it"
  const texts = (field, value) => {
    const out = { ...(service?.[field] || {}) }
    if (value) out[source] = value
    else delete out[source]
    return out
  }
  const fields = {
    name: texts("name", String(data.get("name") || "").trim()),
    summary: texts("summary", String(data.get("summary") || "").trim()),
    category: String(data.get("category") || ""),
    nature: String(data.get("nature") || ""),
    runner: String(data.get("runner") || "").trim(),
    address: String(data.get("address") || "").trim(),
    phone: String(data.get("phone") || "").trim(),
    email: String(data.get("email") || "").trim(),
    website: String(data.get("website") || "").trim(),
    age_bands: data.getAll("age_bands").map(String),
  }
  if (service) await store.mutate("update_service", { service: service.id, ...fields }, { where })
  else await store.mutate("create_service", { service: newRecordId(), ...fields }, { where })
  editing = ""
  saved = "service"
  refresh()
}

function input(name, label, value, type = "text", extra = {}) {
  return html`<label class="field"><span>${label}</span>
    <input name=${name} type=${type} .value=${value || ""} ?required=${!!extra.required} autocomplete="off"></label>`
}

function serviceForm(service) {
  const source = vocab.source_language || "it"
  const s = service || { category: vocab.service_categories[0], nature: "institutional", age_bands: [] }
  return html`<form class="form card service-form" @submit=${(e) => saveService(e, service)} aria-labelledby="service-form-title">
    <h3 id="service-form-title">${service ? inline(service.name) : t("staff_service_add")}</h3>
    ${input("name", t("staff_service_name"), s.name?.[source], "text", { required: true })}
    <label class="field"><span>${t("staff_service_summary")}</span>
      <textarea name="summary" rows="4" .value=${s.summary?.[source] || ""}></textarea></label>
    <label class="field"><span>${t("services_category")}</span>
      <select name="category">${vocab.service_categories.map((c) => html`<option value=${c} ?selected=${c === s.category}>${t("service_category_" + c)}</option>`)}</select></label>
    <label class="field"><span>${t("staff_service_nature")}</span>
      <select name="nature">${["institutional", "informal"].map((n) => html`<option value=${n} ?selected=${n === s.nature}>${t("service_nature_" + n)}</option>`)}</select></label>
    ${input("runner", t("staff_service_runner"), s.runner)}
    ${input("address", t("staff_service_address"), s.address)}
    ${input("phone", t("staff_contacts_phone"), s.phone, "tel")}
    ${input("email", t("staff_contacts_email"), s.email, "email")}
    ${input("website", t("staff_service_website"), s.website, "url")}
    <fieldset class="field"><legend>${t("staff_service_age_bands")}</legend>
      ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="age_bands" value=${b} .checked=${(s.age_bands || []).includes(b)}>
        <span>${t("age_band", { band: b })}</span></label>`)}
    </fieldset>
    <div class="actions">
      <button class="button" type="submit">${t("staff_save")}</button>
      <button class="button button-secondary" type="button" @click=${() => { editing = ""; refresh() }}>${t("staff_cancel")}</button>
    </div>
  </form>`
}

function serviceRow(s) {
  return html`<li class="card service-row" data-service=${s.id}>
    <h3>${inline(s.name)}</h3>
    <p class="small"><span class="badge">${t("service_category_" + s.category)}</span>
      ${s.retired ? html`<span class="badge badge-alert">${t("staff_service_retired")}</span>` : nothing}
      ${s._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    <div class="actions">
      <button class="button button-small button-secondary" type="button" @click=${() => { editing = s.id; refresh() }}>${t("staff_service_edit")}</button>
      <button class="button button-small button-secondary" type="button"
        @click=${async () => { await store.mutate("retire_service", { service: s.id, retired: !s.retired }, { where }); refresh() }}>
        ${t(s.retired ? "staff_service_bring_back" : "staff_service_retire")}</button>
    </div>
    ${editing === s.id ? serviceForm(s) : nothing}
  </li>`
}

export async function view({ navigate, state }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") {
    return html`${heading(t("staff_directory_title"))}<p>${t("staff_hours_staff_only")}</p><a class="button" href="/services">${t("nav_services")}</a>`
  }
  const [centres, services] = await Promise.all([store.all("centre"), store.all("services")])
  const centre = centres[0]
  const sorted = services.sort((a, b) => Number(!!a.retired) - Number(!!b.retired) || text(a.name).localeCompare(text(b.name), pick(a.name).lang))
  const status = (what) => (saved === what ? html`<p class="form-status" role="status">${t(state.online ? "staff_saved" : "staff_saved_offline")}</p>` : nothing)
  return html`${heading(t("staff_directory_title"))}
    ${centre ? html`<section class="card" aria-labelledby="centre-contacts"><h2 id="centre-contacts">${t("staff_centre_contacts")}</h2>
      <form class="form" @submit=${(e) => saveContacts(e, centre)}>
        ${input("email", t("staff_contacts_email"), centre.email, "email")}
        ${input("phone", t("staff_contacts_phone"), centre.phone, "tel")}
        ${centre._pending ? html`<p><span class="badge badge-pending">${t("sync_waiting")}</span></p>` : nothing}
        ${status("contacts")}
        <button class="button" type="submit">${t("staff_save")}</button>
      </form></section>` : nothing}
    <section aria-labelledby="staff-services"><h2 id="staff-services">${t("staff_services")}</h2>
      ${status("service")}
      ${editing === "new" ? serviceForm(null) : html`<button class="button" type="button" @click=${() => { editing = "new"; refresh() }}>${t("staff_service_add")}</button>`}
      <ul class="cards">${sorted.map(serviceRow)}</ul>
    </section>`
}
