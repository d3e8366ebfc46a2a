// Staff run the groups: create one, change it (name and description in
// Italian with optional translations, place, how to join, public,
// sensitive: its notifications neutral on the lock screen, age bands),
// approve or decline requests to join, remove a member. Through the
// outbox (create_group, update_group, decide_membership, remove_member), so
// it works offline; the hub checks each as its records API does
// (internal/groups) and a refusal is shown at the top of the screen.
// Loaded only when opened.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, pick, languageName } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { vocab, languageCodes } from "../../vocab.js"
import { heading, inline, named, useStylesheets } from "../ui/ui.js"

export const title = "staff_groups_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const where = "/staff/groups"
/** The group being edited ("new" for a new one). */
let editing = ""
let saved = false
let refresh = () => {}

const useStyles = () => useStylesheets("/components/staff/staff.css")

const dirOf = (code) => vocab.languages.find((l) => l.code === code)?.dir || "auto"

async function save(e, group) {
  e.preventDefault()
  const data = new FormData(e.target)
  const texts = (field) => {
    const out = {}
    for (const code of languageCodes()) {
      const v = String(data.get(field + "_" + code) || "").trim()
      if (v) out[code] = v
    }
    return out
  }
  const fields = {
    name: texts("name"), description: texts("description"), place: String(data.get("place") || ""),
    join_policy: String(data.get("join_policy") || "open"), public: data.get("public") === "on", age_bands: data.getAll("age_bands").map(String),
    sensitive: data.get("sensitive") === "on",
  }
  if (group) await store.mutate("update_group", { group: group.id, ...fields }, { where })
  else await store.mutate("create_group", { group: newRecordId(), ...fields }, { where })
  editing = ""
  saved = true
  refresh()
}

function textInputs(field, key, value, multiline) {
  const [source, ...others] = languageCodes()
  const input = (code) => html`<label class="field"><span>${t(key, { language: languageName(code) })}</span>
    ${multiline ? html`<textarea name=${field + "_" + code} lang=${code} dir=${dirOf(code)} rows="3" .value=${value?.[code] || ""}></textarea>`
      : html`<input name=${field + "_" + code} lang=${code} dir=${dirOf(code)} .value=${value?.[code] || ""} ?required=${code === source} autocomplete="off">`}</label>`
  return html`${input(source)}<details class="translations"><summary>${t("staff_announcement_translations")}</summary>${others.map(input)}</details>`
}

function form(group, places) {
  const g = group || { join_policy: "open", public: true, age_bands: [] }
  return html`<form class="form card group-form" @submit=${(e) => save(e, group)} aria-labelledby="group-form-title">
    <h3 id="group-form-title">${group ? inline(group.name) : t("staff_group_new")}</h3>
    ${textInputs("name", "staff_group_name_in", g.name, false)}
    ${textInputs("description", "staff_group_description_in", g.description, true)}
    <label class="field"><span>${t("staff_group_place")}</span>
      <select name="place"><option value="">${t("staff_group_no_place")}</option>
        ${places.map((p) => html`<option value=${p.id} ?selected=${p.id === g.place}>${p.name}</option>`)}</select></label>
    <label class="field"><span>${t("staff_group_policy")}</span>
      <select name="join_policy">${["open", "approval"].map((p) => html`<option value=${p} ?selected=${p === g.join_policy}>${t("group_policy_" + p)}</option>`)}</select></label>
    <label class="check"><input type="checkbox" name="public" .checked=${!!g.public}><span>${t("staff_group_public")}</span></label>
    <label class="check"><input type="checkbox" name="sensitive" .checked=${!!g.sensitive} aria-describedby="group-sensitive-help"><span>${t("staff_group_sensitive")}</span></label>
    <p class="small" id="group-sensitive-help">${t("staff_group_sensitive_help")}</p>
    <fieldset class="field"><legend>${t("staff_service_age_bands")}</legend>
      ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="age_bands" value=${b} .checked=${(g.age_bands || []).includes(b)}>
        <span>${t("age_band", { band: b })}</span></label>`)}
    </fieldset>
    <div class="actions">
      <button class="button" type="submit">${t("staff_save")}</button>
      <button class="button button-secondary" type="button" @click=${() => { editing = ""; refresh() }}>${t("staff_cancel")}</button>
    </div>
  </form>`
}

function person(users, m) {
  const u = users.find((x) => x.id === m.user)
  return html`<span dir="auto">${u?.name || u?.email || m.user}</span>`
}

function groupCard(g, places, memberships, users) {
  const mine = memberships.filter((m) => m.group === g.id)
  const pending = mine.filter((m) => m.status === "pending")
  const active = mine.filter((m) => m.status === "active")
  const act = (name, args) => async () => { await store.mutate(name, args, { where }); refresh() }
  const place = places.find((p) => p.id === g.place)
  return html`<li class="card group-row" data-group=${g.id}>
    <h3>${inline(g.name)}</h3>
    <p class="small"><span class="badge">${t("group_policy_" + g.join_policy)}</span>
      ${g.public ? nothing : html`<span class="badge">${t("staff_group_private")}</span>`}
      ${g.sensitive ? html`<span class="badge">${t("staff_group_sensitive")}</span>` : nothing}
      ${place ? named(place.name) : nothing}
      ${g._pending ? html`<span class="badge badge-pending">${t("sync_waiting")}</span>` : nothing}</p>
    <button class="button button-small button-secondary" type="button" @click=${() => { editing = g.id; refresh() }}>${t("staff_group_edit")}</button>
    ${editing === g.id ? form(g, places) : nothing}
    <h4>${t("staff_group_requests")}</h4>
    ${pending.length ? html`<ul class="member-list">${pending.map((m) => html`<li data-membership=${m.id}>${person(users, m)}
      <div class="actions">
        <button class="button button-small" type="button" @click=${act("decide_membership", { membership: m.id, approve: true })}>${t("staff_group_approve")}</button>
        <button class="button button-small button-secondary" type="button" @click=${act("decide_membership", { membership: m.id, approve: false })}>${t("staff_group_decline")}</button>
      </div></li>`)}</ul>` : html`<p class="small">${t("staff_group_nobody")}</p>`}
    <h4>${t("staff_group_members")}</h4>
    ${active.length ? html`<ul class="member-list">${active.map((m) => html`<li data-membership=${m.id}>${person(users, m)}
      <button class="button button-small button-secondary" type="button" @click=${act("remove_member", { membership: m.id })}>${t("staff_group_remove")}</button></li>`)}</ul>`
      : html`<p class="small">${t("staff_group_nobody")}</p>`}
  </li>`
}

export async function view({ navigate }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") return html`${heading(t("staff_groups_title"))}<p>${t("staff_only_screen")}</p>`
  const [groups, places, memberships, users] = await Promise.all([store.all("groups"), store.all("places"), store.all("memberships"), store.all("users")])
  const sorted = groups.sort((a, b) => text(a.name).localeCompare(text(b.name), pick(a.name).lang))
  return html`${heading(t("staff_groups_title"))}
    ${saved ? html`<p class="form-status" role="status">${t(navigator.onLine ? "staff_saved" : "staff_saved_offline")}</p>` : nothing}
    ${editing === "new" ? form(null, places) : html`<button class="button" type="button" @click=${() => { editing = "new"; refresh() }}>${t("staff_group_new")}</button>`}
    <ul class="cards">${sorted.map((g) => groupCard(g, places, memberships, users))}</ul>`
}
