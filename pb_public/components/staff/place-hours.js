// Staff keep a place's opening hours current: the weekly hours (openings per
// weekday), the place's own closures and special openings with a note in the
// centre's languages, and a preview of the next 14 days computed by the same
// code families' phones run (data/hours.js: holidays included). Saved
// through the outbox (update_place_hours), so it works offline; the hub
// validates (internal/hours) and its refusal, in the person's language, is
// shown on the field it is about. Loaded only when a staff member opens it.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, weekdayName, formatDay, romeDate, languageName } from "../../i18n.js"
import * as store from "../../data/store.js"
import { slotsOn, addDays, romeClock } from "../../data/hours.js"
import { languageCodes, vocab } from "../../vocab.js"
import { heading, named, openLine, content, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"

export const title = "staff_hours_title"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const DAYS = [1, 2, 3, 4, 5, 6, 7]

const useStyles = () => useStylesheets("/components/staff/staff.css")

/**
 * The form's state while staff edit, kept across re-renders (a sync landing
 * re-renders the screen): the place's fields as they will be sent.
 * @type {{place: string, from: string, hours: any[], exceptions: any[], status: string} | null}
 */
let draft = null

const clone = (v) => JSON.parse(JSON.stringify(v ?? []))

function startDraft(place, refused) {
  const base = refused ? { ...place, ...refused.args } : place
  draft = { place: place.id, from: refused?.id || "", hours: clone(base.hours), exceptions: clone(base.exceptions), status: "" }
}

/** Re-renders the screen after an edit, without leaving it. */
let refresh = () => {}

function edit(change) {
  change(draft)
  refresh()
}

function timeInput(label, value, set) {
  return html`<label class="slot-time"><span>${label}</span>
    <input type="time" required .value=${value || ""} @input=${(e) => { set(e.target.value); refresh() }}></label>`
}

/** One opening: opens, closes, remove. */
function slotRow(slot, remove, describe) {
  return html`<div class="slot-row">
    ${timeInput(t("staff_hours_opens"), slot.opens, (v) => { slot.opens = v })}
    ${timeInput(t("staff_hours_closes"), slot.closes, (v) => { slot.closes = v })}
    <button type="button" class="button button-small button-secondary" aria-label=${t("staff_hours_remove_slot_label", { what: describe })}
      @click=${() => edit(remove)}>${t("staff_hours_remove_slot")}</button>
  </div>`
}

function weekly(d) {
  return DAYS.map((day) => {
    const slots = d.hours.filter((s) => s.day === day)
    return html`<fieldset class="day" data-day=${day}><legend>${weekdayName(day)}</legend>
      ${slots.length ? slots.map((s) => slotRow(s, (d) => { d.hours.splice(d.hours.indexOf(s), 1) }, weekdayName(day) + " " + (s.opens || "") + "–" + (s.closes || "")))
        : html`<p class="small">${t("place_closed")}</p>`}
      <button type="button" class="button button-small button-secondary" aria-label=${t("staff_hours_add_slot_on", { day: weekdayName(day) })}
        @click=${() => edit((d) => { d.hours.push({ day, opens: "", closes: "" }) })}>${t("staff_hours_add_slot")}</button>
    </fieldset>`
  })
}

function noteFields(ex, i) {
  const codes = languageCodes()
  const note = (ex.note ||= {})
  const input = (code) => html`<label class="field"><span>${t("staff_hours_note", { language: languageName(code) })}</span>
    <input lang=${code} dir=${vocab.languages.find((l) => l.code === code)?.dir || "auto"} .value=${note[code] || ""}
      @input=${(e) => { note[code] = e.target.value }} @change=${refresh}></label>`
  return html`${input(codes[0])}
    <details class="translations"><summary>${t("staff_hours_note_translations")}</summary>${codes.slice(1).map(input)}</details>`
}

function exceptionCard(d, ex, i) {
  const kind = ex.closed ? "closed" : "slots"
  return html`<li class="card exception" data-index=${i}>
    <label class="field"><span>${t("staff_hours_date")}</span>
      <input type="date" required .value=${ex.date || ""} @change=${(e) => { ex.date = e.target.value; refresh() }}></label>
    <fieldset class="field"><legend>${t("staff_hours_on_this_date")}</legend>
      <label class="check"><input type="radio" name="kind-${i}" .checked=${kind === "closed"}
        @change=${() => edit(() => { ex.closed = true; ex.slots = [] })}><span>${t("staff_hours_closed_all_day")}</span></label>
      <label class="check"><input type="radio" name="kind-${i}" .checked=${kind === "slots"}
        @change=${() => edit(() => { ex.closed = false; ex.slots = ex.slots?.length ? ex.slots : [{ opens: "", closes: "" }] })}><span>${t("staff_hours_other_hours")}</span></label>
    </fieldset>
    ${kind === "slots" ? html`${(ex.slots || []).map((s) => slotRow(s, () => { ex.slots.splice(ex.slots.indexOf(s), 1) }, (ex.date || "") + " " + (s.opens || "") + "–" + (s.closes || "")))}
      <button type="button" class="button button-small button-secondary" @click=${() => edit(() => { ex.slots.push({ opens: "", closes: "" }) })}>${t("staff_hours_add_slot")}</button>` : nothing}
    ${noteFields(ex, i)}
    <button type="button" class="button button-small button-secondary" @click=${() => edit((d) => { d.exceptions.splice(i, 1) })}>${t("staff_hours_remove_exception")}</button>
  </li>`
}

/** The next 14 days as families' phones will compute them, holidays included. */
function preview(place, d, now) {
  const candidate = { ...place, hours: d.hours, exceptions: d.exceptions }
  const today = romeClock(now)
  const days = Array.from({ length: 14 }, (_, i) => addDays(today.date, i))
  return html`<section class="card preview" aria-labelledby="hours-preview"><h2 id="hours-preview">${t("staff_hours_preview")}</h2>
    <p class="preview-now">${openLine(candidate, now)}</p>
    <ul class="preview-days">${days.map(({ date, day }) => {
      const { slots, exception, holiday } = slotsOn(candidate, date, day)
      const why = exception?.note && Object.values(exception.note).some(Boolean) ? html` (${content(exception.note, "span")})` : holiday ? ` (${t("holiday_" + holiday)})` : nothing
      return html`<li data-date=${date}><strong>${formatDay(date + "T12:00:00Z")}</strong>:
        ${slots.length ? slots.map((s) => html`<bdi dir="ltr">${s.opens}–${s.closes}</bdi> `) : t("place_closed")}${why}</li>`
    })}</ul>
  </section>`
}

/** The hub's refusal of a field, in the person's language, next to it. */
function fieldError(refused, field) {
  const err = refused?.error?.data?.[field]
  return err ? html`<p class="field-error" id="error-${field}" role="alert">${err.message}</p>` : nothing
}

async function save(e, place, refused) {
  e.preventDefault()
  const tidy = (slots) => slots.map(({ day, opens, closes }) => (day ? { day, opens, closes } : { opens, closes }))
  const hours = tidy(draft.hours).sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens))
  const exceptions = draft.exceptions.map((ex) => {
    const note = Object.fromEntries(Object.entries(ex.note || {}).map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v))
    return { date: ex.date, closed: !!ex.closed, ...(ex.closed ? {} : { slots: tidy(ex.slots || []) }), ...(Object.keys(note).length ? { note } : {}) }
  }).sort((a, b) => a.date.localeCompare(b.date))
  await store.mutate("update_place_hours", { place: place.id, hours, exceptions }, { where: "/staff/places/" + place.id, replaces: refused?.id })
  draft = null
  saved = place.id
  refresh()
}

let saved = ""

export async function view({ params, navigate, state }) {
  useStyles()
  refresh = () => navigate(location.pathname, { replace: true })
  const user = store.currentUser()
  if (user?.role !== "staff") {
    return html`${heading(t("staff_hours_title"))}<p>${t("staff_hours_staff_only")}</p><a class="button" href="/places">${t("nav_places")}</a>`
  }
  const place = await store.one("places", params.id)
  if (!place) return html`${heading(t("staff_hours_title"))}<p>${t("notfound_title")}</p><a class="button" href="/places">${t("nav_places")}</a>`
  const where = "/staff/places/" + place.id
  const refused = state.outbox.rejected.find((m) => m.where === where && m.name === "update_place_hours")
  if (!draft || draft.place !== place.id || (refused && draft.from !== refused.id)) startDraft(place, refused)
  if (saved && saved !== place.id) saved = ""
  const d = draft
  const now = new Date()
  return html`<a class="back-link" href="/places#${place.id}">${icon("back")}${t("nav_places")}</a>
    ${heading(t("staff_hours_title"), named(place.name))}
    ${place._pending ? html`<p><span class="badge badge-pending">${t("sync_waiting")}</span></p>` : nothing}
    ${saved === place.id ? html`<p class="form-status" role="status">${t(state.online ? "staff_hours_saved" : "staff_hours_saved_offline")}</p>` : nothing}
    <form class="form hours-editor" novalidate @submit=${(e) => save(e, place, refused)} @input=${() => { saved = "" }}>
      <section aria-labelledby="hours-weekly" aria-describedby=${refused?.error?.data?.hours ? "error-hours" : nothing}>
        <h2 id="hours-weekly">${t("staff_hours_weekly")}</h2>
        ${fieldError(refused, "hours")}
        <div class="days">${weekly(d)}</div>
      </section>
      <section aria-labelledby="hours-exceptions" aria-describedby=${refused?.error?.data?.exceptions ? "error-exceptions" : nothing}>
        <h2 id="hours-exceptions">${t("staff_hours_exceptions")}</h2>
        <p class="small">${t("staff_hours_holidays_note")}</p>
        ${fieldError(refused, "exceptions")}
        <ul class="cards">${d.exceptions.map((ex, i) => exceptionCard(d, ex, i))}</ul>
        <button type="button" class="button button-secondary" @click=${() => edit((d) => { d.exceptions.push({ date: romeDate(now), closed: true, note: {} }) })}>${t("staff_hours_add_exception")}</button>
      </section>
      ${preview(place, d, now)}
      <button class="button" type="submit">${t("staff_hours_save")}</button>
    </form>`
}
