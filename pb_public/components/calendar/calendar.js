// Calendar: upcoming activities by day, filtered by group, age band, place
// and kind. Filters live in the URL, so a filtered calendar can be shared.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, isolated, formatDay, romeDate } from "../../i18n.js"
import { fold } from "../../fold.js"
import * as store from "../../data/store.js"
import { heading, activityCard, empty } from "../ui/ui.js"
import { vocab } from "../../vocab.js"

export const title = "nav_calendar"

/** The public calendar: a signed-in proposer's or staff member's unpublished activities are synced too, and stay off it. */
const published = (activity) => activity.status === "approved" || activity.status === "cancelled"

function matches(activity, f) {
  return (!f.group || activity.group === f.group) &&
    (!f.age || (activity.age_bands || []).includes(f.age)) &&
    (!f.place || activity.place === f.place) &&
    (!f.kind || activity.kind === f.kind)
}

function filterSelect(name, label, value, options, navigate, query) {
  const change = (e) => {
    const next = new URLSearchParams(query)
    if (e.target.value) next.set(name, e.target.value)
    else next.delete(name)
    navigate("/calendar" + (next.size ? "?" + next : ""), { replace: true })
  }
  return html`<label class="field">
    <span>${label}</span>
    <select name=${name} @change=${change}>
      <option value="" ?selected=${!value}>${t("filter_all")}</option>
      ${options.map(([v, l]) => html`<option value=${v} ?selected=${v === value}>${l}</option>`)}
    </select>
  </label>`
}

/** Words of an activity in every language the phone holds, folded (fold.js). */
const searchable = (a) => fold(["title", "summary", "body"].flatMap((k) => Object.values(a[k] || {})).join(" "))

export async function view({ query, navigate }) {
  const [activities, places, groups] = await Promise.all([store.all("activities"), store.all("places"), store.all("groups")])
  const f = { q: query.get("q") || "", group: query.get("group") || "", age: query.get("age") || "", place: query.get("place") || "", kind: query.get("kind") || "" }
  const now = new Date()
  // Online, the hub searches the languages the person reads; offline, the
  // same folding over what the phone holds (accents, case, tashkeel ignored).
  const words = fold(f.q).split(/\s+/).filter(Boolean)
  const online = words.length ? await store.searchOnline(f.q) : null
  const found = online && new Set(online.filter((r) => r.collection === "activities").map((r) => r.id))
  const said = (a) => !words.length || (found ? found.has(a.id) : words.every((w) => searchable(a).includes(w)))
  let timer
  const onSearch = (e) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const next = new URLSearchParams(query)
      if (e.target.value.trim()) next.set("q", e.target.value)
      else next.delete("q")
      navigate("/calendar" + (next.size ? "?" + next : ""), { replace: true })
    }, 250)
  }
  const shown = activities.filter((a) => published(a) && new Date(a.ends_at) > now && matches(a, f) && said(a)).sort((a, b) => a.starts_at.localeCompare(b.starts_at))

  const days = new Map()
  for (const a of shown) {
    const day = romeDate(a.starts_at)
    if (!days.has(day)) days.set(day, [])
    days.get(day).push(a)
  }
  const active = Object.values(f).filter(Boolean).length

  return html`
    ${heading(t("calendar_title"))}
    <details class="filters" ?open=${active > 0}>
      <summary>${t("filter_title")}${active ? html` <span class="badge">${active}</span>` : nothing}</summary>
      <div class="filter-grid">
        <label class="field"><span>${t("calendar_search")}</span>
          <input type="search" name="q" .value=${f.q} @input=${onSearch} autocomplete="off"></label>
        ${filterSelect("group", t("filter_group"), f.group, groups.map((g) => [g.id, isolated(text(g.name))]), navigate, query)}
        ${filterSelect("age", t("filter_age"), f.age, vocab.age_bands.map((b) => [b, t("age_band", { band: b })]), navigate, query)}
        ${filterSelect("place", t("filter_place"), f.place, places.map((p) => [p.id, isolated(p.name)]), navigate, query)}
        ${filterSelect("kind", t("filter_kind"), f.kind, vocab.activity_kinds.map((k) => [k, t("kind_" + k)]), navigate, query)}
      </div>
      ${active ? html`<a class="button button-secondary button-small" href="/calendar">${t("filter_clear")}</a>` : nothing}
    </details>
    <p class="small" role="status">${t("calendar_count", { Count: shown.length })}</p>
    ${shown.length === 0 ? empty(active ? t("calendar_empty_filtered") : t("calendar_empty")) : nothing}
    ${[...days.values()].map((list) => html`
      <section class="day" aria-label=${formatDay(list[0].starts_at)}>
        <h2 class="day-title">${formatDay(list[0].starts_at)}</h2>
        <ul class="cards">${list.map((a) => activityCard(a, places, { withDay: false }))}</ul>
      </section>`)}`
}
