// Small pieces the screens share. User content is always passed to lit-html
// as text (never as HTML) and marked with the language it is written in and
// that language's direction (not guessed from its first letter), so Arabic
// content reads right in an Italian layout and the other way round.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, pick, direction, formatDayTime, formatTimeRange, weekdayName, languageName } from "../../i18n.js"
import { vocab } from "../../vocab.js"
import { openStatus } from "../../data/hours.js"
import { icon } from "./icons.js"

/** A screen's heading; focused on navigation so screen readers announce it. */
/** Adds a screen's stylesheets to the page once (screens load their CSS on first use). */
export function useStylesheets(...hrefs) {
  for (const href of hrefs) {
    if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) continue
    document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href }))
  }
}

export function heading(title, lead) {
  return html`<h1 tabindex="-1">${title}</h1>${lead ? html`<p class="lead">${lead}</p>` : nothing}`
}

/** A multilingual field, saying when the reader gets the original. */
export function content(field, tag = "p") {
  const { text, lang, original } = pick(field)
  if (!text) return nothing
  const note = original ? html`<span class="original-note">${t("content_original", { language: languageName(lang) })}</span>` : nothing
  const dir = direction(lang)
  if (tag === "span") return html`<span lang=${lang} dir=${dir}>${isolateNumbers(text, dir)}</span>${note}`
  return html`${text.split(/\n{2,}/).map((para) => html`<p lang=${lang} dir=${dir}>${isolateNumbers(para, dir)}</p>`)}${note}`
}

/** A multilingual field inside a line (a link, a list): marked, without the note. */
export function inline(field) {
  const { text, lang } = pick(field)
  const dir = direction(lang)
  return html`<span lang=${lang} dir=${dir}>${isolateNumbers(text, dir)}</span>`
}

/** Digit groups split by spaces, dots, dashes or slashes: a phone number ("0372 407 111"), a date. */
const NUMBER = /\+?\d+(?:[ .\-/]\d+)+/g

/**
 * Right-to-left text as lit-html text parts, each number of several groups
 * isolated left to right: in Arabic the Unicode Bidi Algorithm would draw
 * "0372 407 111" as "111 407 0372" (the spaces between numbers take the
 * paragraph's direction). Still text, never HTML
 * (tests/browser/translate.test.mjs, mixed directions).
 */
export function isolateNumbers(text, dir) {
  if (dir !== "rtl") return text
  const parts = []
  let last = 0
  for (const m of text.matchAll(NUMBER)) {
    parts.push(text.slice(last, m.index), html`<bdi dir="ltr">${m[0]}</bdi>`)
    last = m.index + m[0].length
  }
  if (!parts.length) return text
  parts.push(text.slice(last))
  return parts
}

/**
 * A name or address the centre writes once, in its own language (place and
 * organization names are not translated): marked so, and isolated, so in
 * Arabic the quotes of Polo per l'Infanzia "Hack - Montalcini" stay put.
 */
export function named(value) {
  const lang = vocab.source_language || "it"
  return html`<bdi lang=${lang} dir=${direction(lang)}>${value}</bdi>`
}

/** Phone numbers and e-mails stay left-to-right inside Arabic text. */
export function ltr(value) {
  return html`<bdi dir="ltr">${value}</bdi>`
}

/**
 * A link made from data (a website field) only when it is http(s): the
 * server checks URL fields, but a `javascript:` or `data:` address that got
 * past it (old data, another write path) must never become a link.
 * Returns "" otherwise. Proved by tests/browser/xss.test.mjs.
 */
export function webHref(value) {
  try {
    const url = new URL(String(value || ""))
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : ""
  } catch {
    return ""
  }
}

export function telHref(phone) {
  return "tel:" + String(phone).replace(/[^\d+]/g, "")
}

/** One activity in a list; under a day heading the day is not repeated. */
export function activityCard(activity, places, { withDay = true } = {}) {
  const place = places?.find((p) => p.id === activity.place)
  const cancelled = activity.status === "cancelled"
  return html`<li class="card activity-card ${cancelled ? "is-cancelled" : ""}">
    <a class="card-link" href="/activity/${activity.id}">
      <span class="card-when">${icon("clock")} ${withDay ? formatDayTime(activity.starts_at, activity.ends_at) : formatTimeRange(activity.starts_at, activity.ends_at)}</span>
      <span class="card-title">${content(activity.title, "span")}</span>
      ${cancelled ? html`<span class="badge badge-alert">${t("activity_cancelled")}</span>` : nothing}
      ${activity.hidden ? html`<span class="badge badge-alert">${t("activity_hidden")}</span>` : nothing}
      ${place ? html`<span class="card-meta">${icon("place")} ${named(place.name)}</span>` : nothing}
    </a>
  </li>`
}

/** "Open now until 14:00" / "Opens Thursday at 17:00" / "By appointment". */
export function openLine(place, now = new Date()) {
  const s = openStatus(place, now)
  switch (s.state) {
    case "open":
      return html`<span class="status status-open">${t("place_open_until", { time: s.closes })}</span>`
    case "appointment":
      return html`<span class="status">${t("place_by_appointment")}</span>`
    case "unknown":
      return html`<span class="status">${t("place_hours_unknown")}</span>`
  }
  const note = s.exception?.note ? html` <span class="status-note">(${content(s.exception.note, "span")})</span>`
    : s.holiday ? html` <span class="status-note">(${t("holiday_" + s.holiday)})</span>` : nothing
  if (!s.next) return html`<span class="status status-closed">${t("place_closed")}</span>${note}`
  const when = s.next.today ? t("place_opens_today", { time: s.next.opens }) : t("place_opens_on", { day: weekdayName(s.next.day), time: s.next.opens })
  return html`<span class="status status-closed">${t("place_closed_now")}</span> <span class="status-next">${when}</span>${note}`
}

/** The weekly timetable of a place, Monday first. */
export function timetable(place) {
  const days = [1, 2, 3, 4, 5, 6, 7].map((day) => [day, (place.hours || []).filter((s) => s.day === day)]).filter(([, s]) => s.length)
  if (!days.length) return nothing
  return html`<dl class="timetable">${days.map(([day, slots]) => html`
    <div><dt>${weekdayName(day)}</dt><dd>${slots.map((s) => html`<bdi dir="ltr">${s.opens}–${s.closes}</bdi> `)}</dd></div>`)}
  </dl>`
}

export function empty(message) {
  return html`<p class="empty">${message}</p>`
}

/** A link to a map search for an address (works with any maps app). */
export function mapHref(address) {
  return "https://www.openstreetmap.org/search?query=" + encodeURIComponent(address)
}
