// The moderation queue (/staff/moderation): what waits for staff, oldest
// first (new proposals, a cycle being one, and changes to published
// activities), filtered on the phone (kind, group, proposer) over the
// synced data: no filter expression goes to the server. An item
// (/staff/moderation/:id, the activity's id) shows a preview as families
// will see it, in any of the nine languages; a change shows what differs
// from the public version, field by field. Staff approve (after correcting
// the texts if they want), ask for changes or reject with a reason from the
// hub's templates (the proposer reads it in their language) and free text.
// Decisions go through the outbox (decide_activity, decide_revision), so
// they work offline; the hub decides once (moderation.Decide) and a late
// second decision is refused with who decided and when.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDay, formatDayTime, languageName, direction, isolated, lang as uiLang, useBundle, currentBundle, useChain, readingChain } from "../../i18n.js"
import * as store from "../../data/store.js"
import { vocab, languageCodes } from "../../vocab.js"
import { heading, content, named, inline, empty, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "staff_moderation_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const useStyles = () => useStylesheets("/components/staff/staff.css", "/components/staff/moderation.css")

/** The list's filters and the item's form, kept across re-renders. */
const filters = { type: "", kind: "", group: "", proposer: "" }
let form = { id: "", template: "", text: "", edits: {}, problem: "", previewLang: "" }
let decided = ""
let refresh = () => {}

const TEXTS = ["title", "summary", "body", "location_note"]
const LABELS = {
  title: "propose_field_title", summary: "propose_field_summary", body: "propose_field_body", location_note: "propose_address",
  kind: "propose_kind", starts_at: "propose_start", ends_at: "propose_end", place: "propose_place", group: "propose_group",
  age_bands: "propose_age_bands", capacity: "propose_capacity", registration_required: "propose_registration", cover: "propose_photo",
}

/** What waits: one item per proposal (a cycle's dates together) and per change waiting. */
async function queue() {
  const [activities, revisions, users, organizations] = await Promise.all([
    store.all("activities"), store.all("activity_revisions"), store.all("users"), store.all("organizations")])
  const byId = new Map(activities.map((a) => [a.id, a]))
  const who = (a) => {
    const org = a.organization && organizations.find((o) => o.id === a.organization)
    const user = a.proposer && users.find((u) => u.id === a.proposer)
    return { key: org ? "o:" + org.id : user ? "u:" + user.id : "", name: org?.name || user?.name || user?.email || "" }
  }
  const series = new Map()
  for (const a of activities) {
    if (!a.series || !a.series.startsWith("proposal-")) continue
    if (!series.has(a.series)) series.set(a.series, [])
    series.get(a.series).push(a)
  }
  const items = []
  const seen = new Set()
  for (const a of activities) {
    if (a.status !== "pending" || seen.has(a.series || a.id)) continue
    const dates = (a.series && series.get(a.series)) || [a]
    dates.sort((x, y) => String(x.starts_at).localeCompare(String(y.starts_at)))
    if (dates[0].status !== "pending") continue // decided on this phone, waiting to send
    seen.add(a.series || a.id)
    items.push({ type: "proposal", id: dates[0].id, activity: dates[0], dates, since: dates[0].updated, ...who(dates[0]) })
  }
  for (const r of revisions) {
    const a = byId.get(r.activity)
    if (r.status !== "pending" || !a) continue
    items.push({ type: "revision", id: a.id, activity: a, revision: r, dates: [a], since: r.updated, ...who(a) })
  }
  return items.sort((x, y) => String(x.since).localeCompare(String(y.since)))
}

function select(label, value, options, set) {
  return html`<label class="filter"><span>${label}</span>
    <select @change=${(e) => { set(e.target.value); refresh() }}>
      <option value="" ?selected=${!value}>${t("staff_moderation_filter_all")}</option>
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select></label>`
}

async function list(items) {
  const groups = await store.all("groups")
  const proposers = [...new Map(items.filter((i) => i.key).map((i) => [i.key, i.name])).entries()]
  const shown = items.filter((i) => (!filters.type || i.type === filters.type) && (!filters.kind || i.activity.kind === filters.kind)
    && (!filters.group || i.activity.group === filters.group) && (!filters.proposer || i.key === filters.proposer))
  return html`${heading(t("staff_moderation_title"), t("staff_moderation_lead"))}
    ${decided ? html`<p class="banner banner-update decided-status" role="status">${t("staff_moderation_decided")}</p>` : nothing}
    <fieldset class="filters"><legend>${t("staff_moderation_filters")}</legend>
      ${select(t("staff_moderation_filter_type"), filters.type,
        [["proposal", t("staff_moderation_kind_proposal")], ["revision", t("staff_moderation_kind_revision")]], (v) => { filters.type = v })}
      ${select(t("staff_moderation_filter_kind"), filters.kind, (vocab.activity_kinds || []).map((k) => [k, t("kind_" + k)]), (v) => { filters.kind = v })}
      ${select(t("staff_moderation_filter_group"), filters.group, groups.map((g) => [g.id, inlineText(g.name)]), (v) => { filters.group = v })}
      ${select(t("staff_moderation_filter_proposer"), filters.proposer, proposers, (v) => { filters.proposer = v })}
    </fieldset>
    ${shown.length ? html`<ul class="cards moderation-queue">${shown.map((i) => html`<li class="card" data-id=${i.id}>
      <span class="badge">${t(i.type === "proposal" ? "staff_moderation_kind_proposal" : "staff_moderation_kind_revision")}</span>
      <h2 class="card-title"><a href="/staff/moderation/${i.id}" @click=${() => { decided = "" }} aria-label=${t("staff_moderation_open", { title: inlineText(i.activity.title) })}>${inline(i.activity.title)}</a></h2>
      <span class="card-when">${formatDayTime(i.activity.starts_at, i.activity.ends_at)}</span>
      ${i.name ? html`<span class="small">${t("staff_moderation_proposed_by", { name: isolated(i.name) })}</span>` : nothing}
      <span class="small">${t("staff_moderation_waiting_since", { date: formatDay(i.since) })}</span>
    </li>`)}</ul>` : empty(t("staff_moderation_empty"))}`
}

function inlineText(field) {
  if (!field || typeof field !== "object") return String(field || "")
  return field[uiLang()] || field[vocab.source_language] || Object.values(field)[0] || ""
}

/** The UI messages of each language, fetched once per visit (kept offline by the store). */
const bundles = new Map()
function bundleOf(code) {
  if (!bundles.has(code)) bundles.set(code, store.messages(code).catch((err) => { bundles.delete(code); throw err }))
  return bundles.get(code)
}

/**
 * The activity as families see it, in the preview's language: the UI's
 * words come from that language's bundle, the texts by the same chain as
 * on their phones (their language, else the original, said so).
 */
async function preview(activity, code) {
  const places = activity.place ? await store.one("places", activity.place) : null
  const group = activity.group ? await store.one("groups", activity.group) : null
  const mine = currentBundle()
  const theirs = (await bundleOf(code).catch(() => null)) || mine
  // A family reading in that language only: its messages, and a reading
  // chain of that language alone (then the original, said so).
  const chain = readingChain().slice(1)
  useBundle(theirs)
  useChain([])
  try {
    return html`<article class="card family-preview" lang=${theirs.lang} dir=${theirs.dir}>
      <h3>${content(activity.title, "span")}</h3>
      <p class="card-when">${icon("clock")} ${formatDayTime(activity.starts_at, activity.ends_at)}</p>
      ${places ? html`<p>${icon("place")} ${named(places.name)}</p>` : nothing}
      ${activity.location_note && !places ? html`<div>${icon("place")} ${content(activity.location_note, "span")}</div>` : nothing}
      ${(activity.age_bands || []).length ? html`<p>${t("activity_ages")}: ${activity.age_bands.map((b) => t("age_band", { band: b })).join(t("list_separator"))}</p>` : nothing}
      ${group ? html`<p>${t("activity_group")}: ${inline(group.name)}</p>` : nothing}
      <div class="description">${content(activity.summary)}${content(activity.body)}</div>
    </article>`
  } finally {
    useBundle(mine)
    useChain(chain)
  }
}

/** A field's value as staff read it in the diff. */
function shown(name, value, places, groups) {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return html`<em>${t("staff_moderation_empty_value")}</em>`
  if (name === "starts_at" || name === "ends_at") return formatDayTime(value, "")
  if (name === "place") return named(places.find((p) => p.id === value)?.name || value)
  if (name === "group") return inline(groups.find((g) => g.id === value)?.name || value)
  if (typeof value === "boolean") return value ? "✓" : "✗"
  if (Array.isArray(value)) return value.join(", ")
  if (typeof value === "object") {
    return html`${Object.entries(value).filter(([, v]) => v).map(([code, text]) => html`<span class="diff-text">
      <span class="small">${languageName(code)}:</span> <span lang=${code} dir=${direction(code)}>${text}</span></span>`)}`
  }
  return html`<bdi dir="auto">${String(value)}</bdi>`
}

async function diff(activity, revision) {
  const [places, groups] = await Promise.all([store.all("places"), store.all("groups")])
  const fields = revision.fields || {}
  return html`<section aria-labelledby="moderation-diff"><h2 id="moderation-diff">${t("staff_moderation_changes")}</h2>
    <table class="diff"><thead><tr><th scope="col">${t("staff_moderation_field")}</th><th scope="col">${t("staff_moderation_before")}</th><th scope="col">${t("staff_moderation_after")}</th></tr></thead>
    <tbody>${Object.entries(fields).map(([name, value]) => html`<tr data-field=${name}>
      <th scope="row">${t(LABELS[name] || name)}</th>
      <td class="diff-before">${shown(name, activity[name], places, groups)}</td>
      <td class="diff-after">${shown(name, value, places, groups)}</td></tr>`)}
      ${revision.cover ? html`<tr data-field="cover"><th scope="row">${t("propose_photo")}</th><td>${activity.cover ? "✓" : "✗"}</td><td>✓</td></tr>` : nothing}
    </tbody></table></section>`
}

function startForm(id, activity) {
  form = { id, template: "", text: "", edits: {}, problem: "", previewLang: activity.original_language || uiLang() }
}

async function decide(item, action) {
  const needsReason = action !== "approve"
  if (needsReason && !form.template && !form.text.trim()) {
    form.problem = t("staff_moderation_need_reason")
    refresh()
    document.getElementById("moderation-reason")?.focus()
    return
  }
  const source = item.activity.original_language || vocab.source_language
  const edits = {}
  if (action === "approve") {
    const base = item.type === "revision" ? { ...item.activity, ...(item.revision.fields || {}) } : item.activity
    for (const [name, text] of Object.entries(form.edits)) {
      if ((base[name]?.[source] || "") !== text) edits[name] = { ...(base[name] || {}), [source]: text }
    }
  }
  const args = {
    action, seen: item.type === "revision" ? item.revision.updated : item.activity.updated,
    ...(item.type === "revision" ? { revision: item.revision.id } : { activity: item.activity.id }),
    ...(form.template ? { reason_template: form.template } : {}),
    ...(form.text.trim() ? { reason_text: form.text.trim() } : {}),
    ...(Object.keys(edits).length ? { edits } : {}),
  }
  await store.mutate(item.type === "revision" ? "decide_revision" : "decide_activity", args, { where: "/staff/moderation" })
  decided = item.id
  form = { id: "", template: "", text: "", edits: {}, problem: "", previewLang: "" }
  history.replaceState(null, "", "/staff/moderation")
  refresh()
}

async function detail(item) {
  if (form.id !== item.id) startForm(item.id, item.activity)
  const subject = item.type === "revision" ? { ...item.activity, ...(item.revision.fields || {}) } : item.activity
  const source = item.activity.original_language || vocab.source_language
  const codes = languageCodes()
  return html`<a class="back-link" href="/staff/moderation">${icon("back")}${t("staff_moderation_back")}</a>
    ${heading(inline(item.activity.title), t(item.type === "proposal" ? "staff_moderation_kind_proposal" : "staff_moderation_kind_revision"))}
    ${item.name ? html`<p>${t("staff_moderation_proposed_by", { name: isolated(item.name) })} · ${t("staff_moderation_waiting_since", { date: formatDay(item.since) })}</p>` : nothing}
    ${item.dates.length > 1 ? html`<ul class="dates">${item.dates.map((d) => html`<li>${formatDayTime(d.starts_at, d.ends_at)}</li>`)}</ul>` : nothing}
    ${item.type === "revision" ? await diff(item.activity, item.revision) : nothing}
    <section aria-labelledby="moderation-preview"><h2 id="moderation-preview">${t("staff_moderation_preview")}</h2>
      <label class="filter"><span>${t("staff_moderation_preview_language")}</span>
        <select id="preview-language" @change=${(e) => { form.previewLang = e.target.value; refresh() }}>
          ${codes.map((c) => html`<option value=${c} lang=${c} ?selected=${c === form.previewLang}>${languageName(c)}</option>`)}
        </select></label>
      ${await preview(subject, form.previewLang)}
    </section>
    <form class="form moderation-decision" novalidate @submit=${(e) => e.preventDefault()}>
      <h2>${t("staff_moderation_decision")}</h2>
      <details class="translations"><summary>${t("staff_moderation_edit", { language: languageName(source) })}</summary>
        ${TEXTS.map((name) => html`<label><span>${t(LABELS[name])}</span>
          <textarea lang=${source} dir=${direction(source)} rows=${name === "body" ? 5 : 2}
            .value=${form.edits[name] ?? subject[name]?.[source] ?? ""} @input=${(e) => { form.edits[name] = e.target.value }}></textarea></label>`)}
      </details>
      <label><span>${t("staff_moderation_template")}</span>
        <select id="moderation-template" @change=${(e) => { form.template = e.target.value; form.problem = "" }}>
          <option value="" ?selected=${!form.template}>${t("staff_moderation_template_none")}</option>
          ${(vocab.reason_templates || []).map((id) => html`<option value=${id} ?selected=${id === form.template}>${t("moderation_template_" + id)}</option>`)}
        </select></label>
      <label><span>${t("staff_moderation_reason_text")}</span>
        <textarea id="moderation-reason" rows="3" maxlength="1000" dir="auto" aria-describedby=${form.problem ? "moderation-problem" : nothing}
          .value=${form.text} @input=${(e) => { form.text = e.target.value; form.problem = "" }}></textarea></label>
      ${form.problem ? html`<p id="moderation-problem" class="field-error" role="alert">${form.problem}</p>` : nothing}
      <div class="actions">
        <button class="button" type="button" data-action="approve" @click=${() => decide(item, "approve")}>${t("staff_moderation_approve")}</button>
        <button class="button button-secondary" type="button" data-action="request_changes" @click=${() => decide(item, "request_changes")}>${t("staff_moderation_request_changes")}</button>
        <button class="button button-secondary" type="button" data-action="reject" @click=${() => decide(item, "reject")}>${t("staff_moderation_reject")}</button>
      </div>
    </form>`
}

export async function view({ params, navigate }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  if (store.currentUser()?.role !== "staff") return html`${heading(t("staff_moderation_title"))}<p>${t("staff_only_screen")}</p>`
  const items = await queue()
  if (!params.id) return list(items)
  const item = items.find((i) => i.id === params.id)
  if (!item) return html`<a class="back-link" href="/staff/moderation">${icon("back")}${t("staff_moderation_back")}</a>
    ${heading(t("staff_moderation_title"))}<p>${t("staff_moderation_gone")}</p>`
  return detail(item)
}
