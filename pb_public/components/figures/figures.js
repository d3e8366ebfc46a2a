// Figures for the funding body: a period's counts from
// GET /api/hub/staff/figures (internal/figures: computed and suppressed on
// the hub; "<3" and "*" as it says), one bar chart per breakdown drawn here
// as inline SVG (no charting library), each with its table beside it for
// screen readers and for reading exact values, and the CSV download.
// Online only (the hub computes them). Loaded only when staff open it.

import { html, svg, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading, useStylesheets } from "../ui/ui.js"

export const title = "figures_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const useStyles = () => useStylesheets("/components/figures/figures.css")

const iso = (d) => d.toISOString().slice(0, 10)

/** The last report asked for, kept while the screen re-renders. */
let last = { from: "", to: "", report: null, error: "" }

async function load(from, to) {
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
  last = { from, to, report: null, error: "" }
  try {
    const res = await fetch(`/api/hub/staff/figures?${q}`, { headers: store.headers() })
    const body = await res.json()
    if (res.ok) last.report = body
    else last.error = body.message || t("error_status_" + res.status)
  } catch {
    last.error = t("figures_offline")
  }
  store.events.dispatchEvent(new Event("change")) // re-render
}

async function download() {
  const q = `from=${encodeURIComponent(last.from)}&to=${encodeURIComponent(last.to)}`
  const res = await fetch(`/api/hub/staff/figures.csv?${q}`, { headers: store.headers() })
  if (!res.ok) return
  const a = document.createElement("a")
  a.href = URL.createObjectURL(await res.blob())
  a.download = `hug-${last.from}-${last.to}.csv`
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

function submit(e) {
  e.preventDefault()
  const f = new FormData(e.target)
  load(String(f.get("from")), String(f.get("to")))
}

const measureName = (m) => t("figures_measure_" + m)

/** Horizontal bars, one per row, for one measure; hidden from screen readers (the table says it). */
function chart(b, measure, id) {
  const values = b.rows.map((r) => r.cells[measure]?.count ?? 0)
  const max = Math.max(1, ...values)
  const rowH = 28
  return html`<div class="figures-chart" aria-hidden="true">${b.rows.map((r) => {
    const cell = r.cells[measure]
    const w = cell?.count ? Math.max(1, (cell.count / max) * 100) : 0
    return html`<div class="figures-bar-row">
      <span class="figures-bar-label" dir="auto">${r.label}</span>
      <svg class="figures-bar" viewBox="0 0 100 ${rowH}" preserveAspectRatio="none" height=${rowH} focusable="false">
        ${svg`<rect x="0" y="4" width=${w} height=${rowH - 8} rx="2"></rect>`}
        ${cell?.count == null ? svg`<rect class="hidden-count" x="0" y="4" width="3" height=${rowH - 8}></rect>` : nothing}
      </svg>
      <span class="figures-bar-value">${cell?.shown ?? ""}</span>
    </div>`
  })}</div>`
}

function table(b, id) {
  return html`<table class="figures-table" aria-labelledby=${id}>
    <thead><tr><th scope="col">${b.label}</th>${b.measures.map((m) => html`<th scope="col">${measureName(m)}</th>`)}</tr></thead>
    <tbody>${b.rows.map((r) => html`<tr><th scope="row" dir="auto">${r.label}</th>${b.measures.map((m) => html`<td>${r.cells[m]?.shown}</td>`)}</tr>`)}</tbody>
  </table>`
}

function report(r) {
  return html`
    <h2>${t("figures_total")}</h2>
    <dl class="figures-totals">${Object.keys(r.totals).map((m) => html`<div><dt>${measureName(m)}</dt><dd>${r.totals[m].shown}</dd></div>`)}</dl>
    <p class="small">${t("figures_suppression_note")}</p>
    ${r.notes.map((n) => html`<p class="small">${t(n)}</p>`)}
    <p><button class="button button-secondary" @click=${download}>${t("attendance_download")}</button></p>
    ${r.breakdowns.map((b) => {
      const id = "fig-" + b.dimension
      const measure = b.measures[0]
      return html`<section class="figures-section" aria-labelledby=${id}>
        <h2 id=${id}>${b.label}</h2>
        <figure>
          <figcaption>${t("figures_chart_label", { breakdown: b.label, measure: measureName(measure) })}</figcaption>
          ${chart(b, measure, id)}
        </figure>
        <div class="figures-table-wrap" role="region" tabindex="0" aria-labelledby=${id}>${table(b, id)}</div>
      </section>`
    })}`
}

export async function view() {
  if (store.currentUser()?.role !== "staff") return html`${heading(t("figures_title"))}<p>${t("staff_only_screen")}</p>`
  useStyles()
  const now = new Date()
  const from = last.from || iso(new Date(Date.UTC(now.getFullYear(), 0, 1)))
  const to = last.to || iso(now)
  return html`
    ${heading(t("figures_title"))}
    <form class="figures-form" @submit=${submit}>
      <label>${t("figures_from")} <input type="date" name="from" required .value=${from}></label>
      <label>${t("figures_to")} <input type="date" name="to" required .value=${to}></label>
      <button class="button" type="submit">${t("figures_show")}</button>
    </form>
    ${navigator.onLine ? nothing : html`<p class="banner banner-offline">${t("figures_offline")}</p>`}
    ${last.error ? html`<p class="banner banner-alert" role="alert">${last.error}</p>` : nothing}
    ${last.report ? report(last.report) : nothing}`
}
