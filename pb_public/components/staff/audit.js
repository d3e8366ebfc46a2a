// The audit log for staff (/staff/audit): who decided what, when, from
// which state to which, and why; filtered by person, action and period,
// newest first, a page at a time, with the CSV of the same lines. The
// filters are the address's query (?actor=&action=&from=&to=&page=), sent as
// they are to GET /api/hub/staff/audit (internal/auditview filters on the
// hub with bound parameters: no filter expression). Online only: the log
// lives on the hub and is never synced to phones; offline the screen says
// so. Loaded only when staff open it.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, formatDayTime, lang } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, empty, useStylesheets } from "../ui/ui.js"

export const title = "staff_audit_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const FILTERS = ["actor", "action", "from", "to"]

const useStyles = () => useStylesheets("/components/staff/staff.css", "/components/staff/moderation.css")

/** The filters of the address, as the endpoint's query (empty ones left out). */
function queryOf(params, page = Number(params.get("page")) || 1) {
  const q = new URLSearchParams()
  for (const f of FILTERS) if (params.get(f)) q.set(f, params.get(f))
  if (page > 1) q.set("page", String(page))
  return q
}

/**
 * The last page asked for, kept while the screen re-renders (every sync
 * re-renders it); asked again after a while, for lines decided since.
 */
let last = { key: null, page: null, error: "", at: 0 }
const FRESH_MS = 10000

async function load(key) {
  last = { key, page: null, error: "", at: Date.now() }
  try {
    // The hub's words (actions, states) in the screen's language.
    const res = await fetch("/api/hub/staff/audit?" + key + (key ? "&" : "") + "lang=" + lang(), { headers: store.headers() })
    const body = await res.json().catch(() => ({}))
    if (res.ok) last.page = body
    else last.error = body.message || t("error_status_" + res.status)
  } catch {
    last = { key: null, page: null, error: t("audit_offline"), at: 0 }
  }
}

/** The CSV of every line the filters select, fetched with the session's token. */
async function download(e, key) {
  e.preventDefault()
  const res = await fetch(e.currentTarget.href, { headers: store.headers() }).catch(() => null)
  if (!res?.ok) return
  const a = document.createElement("a")
  a.href = URL.createObjectURL(await res.blob())
  a.download = "hug-registro" + (key ? "-" + key.replace(/[^\w-]+/g, "_") : "") + ".csv"
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

function filterForm(query, page, navigate) {
  const submit = (e) => {
    e.preventDefault()
    const data = new FormData(e.target)
    const q = new URLSearchParams()
    for (const f of FILTERS) if (data.get(f)) q.set(f, String(data.get(f)))
    navigate("/staff/audit" + (q.size ? "?" + q : ""))
  }
  const select = (name, label, options) => html`<label class="filter"><span>${label}</span>
    <select name=${name}>
      <option value="" ?selected=${!query.get(name)}>${t("audit_any")}</option>
      ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === query.get(name)}>${o.label}</option>`)}
    </select></label>`
  return html`<form class="audit-filters" @submit=${submit}>
    <fieldset class="filters"><legend>${t("audit_filters")}</legend>
      ${select("actor", t("audit_filter_person"), page?.actors || [])}
      ${select("action", t("audit_filter_action"), page?.actions || [])}
      <label class="filter"><span>${t("figures_from")}</span><input type="date" name="from" .value=${query.get("from") || ""}></label>
      <label class="filter"><span>${t("figures_to")}</span><input type="date" name="to" .value=${query.get("to") || ""}></label>
      <button class="button" type="submit">${t("figures_show")}</button>
    </fieldset>
  </form>`
}

/** A detail the hub writes in words of its own ("3 reports": internal/reports) in the reader's language. */
function detail(text) {
  const reports = /^(\d+) reports$/.exec(text)
  return reports ? t("staff_reports_count", { Count: Number(reports[1]) }) : text
}

/** One line: the words come from the hub (names, labels of actions and states in the reader's language). */
function line(e) {
  return html`<li class="card audit-line" data-action=${e.action}>
    <dl class="request-facts">
      <div><dt>${t("audit_col_when")}</dt><dd><time datetime=${e.at}>${formatDayTime(e.at)}</time></dd></div>
      <div><dt>${t("audit_col_who")}</dt><dd><bdi>${e.actor}</bdi></dd></div>
      <div><dt>${t("audit_col_what")}</dt><dd>${e.action_label}</dd></div>
      ${e.target ? html`<div><dt>${t("audit_csv_about")}</dt><dd><bdi>${e.target}</bdi></dd></div>` : nothing}
      ${e.from || e.to ? html`<div><dt>${t("audit_col_change")}</dt><dd class="audit-change">${e.from || "-"} ${document.dir === "rtl" ? "←" : "→"} ${e.to || "-"}</dd></div>` : nothing}
      ${e.reason ? html`<div><dt>${t("audit_col_why")}</dt><dd dir="auto" class="request-message">${e.reason}</dd></div>` : nothing}
      ${e.detail ? html`<div><dt>${t("audit_csv_detail")}</dt><dd dir="auto">${detail(e.detail)}</dd></div>` : nothing}
    </dl>
  </li>`
}

function pager(query, page) {
  if (!page || page.pages <= 1) return nothing
  const to = (n) => "/staff/audit?" + queryOf(query, n)
  return html`<nav class="actions audit-pager" aria-label=${t("audit_page", { page: page.page, pages: page.pages, total: page.total })}>
    ${page.page > 1 ? html`<a class="button button-secondary" href=${to(page.page - 1)}>${t("audit_prev")}</a>` : nothing}
    ${page.page < page.pages ? html`<a class="button button-secondary" href=${to(page.page + 1)}>${t("audit_next")}</a>` : nothing}
  </nav>`
}

export async function view({ query, navigate }) {
  useStyles()
  if (store.currentUser()?.role !== "staff") return html`${heading(t("staff_audit_title"))}<p>${t("staff_only_screen")}</p>`
  const key = queryOf(query).toString()
  if (navigator.onLine && (last.key !== key || Date.now() - last.at > FRESH_MS)) await load(key)
  const page = last.key === key ? last.page : null
  const csv = "/api/hub/staff/audit.csv" + (queryOf(query, 1).size ? "?" + queryOf(query, 1) : "")
  return html`${heading(t("staff_audit_title"), t("audit_append_only"))}
    ${navigator.onLine ? nothing : html`<p class="banner banner-offline" role="status">${t("audit_offline")}</p>`}
    ${filterForm(query, page, navigate)}
    ${last.error && navigator.onLine ? html`<p class="banner banner-alert" role="alert">${last.error}</p>` : nothing}
    ${page ? html`
      <p class="small" role="status">${t("audit_page", { page: page.page, pages: Math.max(1, page.pages), total: page.total })}</p>
      <p><a class="inline-link audit-csv" href=${csv} download @click=${(e) => download(e, queryOf(query, 1).toString())}>${t("audit_download")}</a></p>
      ${page.entries.length ? html`<ul class="cards audit-lines">${page.entries.map(line)}</ul>` : empty(t("audit_empty"))}
      ${pager(query, page)}` : nothing}`
}
