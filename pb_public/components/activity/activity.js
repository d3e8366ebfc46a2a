// Activity: when, where (with a map), who runs it, for which ages, places
// left; add to my calendar, share, register.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, formatDay, formatDayTime, formatTimeRange } from "../../i18n.js"
import * as store from "../../data/store.js"
import { activityICS } from "../../data/ics.js"
import { heading, content, inline, named, mapHref } from "../ui/ui.js"
import { marked, hasTranslation, originalToggle } from "../ui/provenance.js"
import { icon } from "../ui/icons.js"
import { registrationBox } from "./register.js"
import { cycleSection } from "./cycle.js"
import { addToCalendar } from "../ui/calendar-links.js"
import { newRecordId } from "../../data/mutators.js"
import { vocab } from "../../vocab.js"
import { countRead } from "../../data/reads.js"

export const title = "activity_title"

/** The activity from the phone's copy, else from the server (a fresh link). */
async function find(id) {
  const local = await store.one("activities", id)
  if (local) return { activity: local }
  try {
    return { activity: await store.fetchActivity(id) }
  } catch (err) {
    return { activity: null, offline: !navigator.onLine || err?.status === 0 }
  }
}

function gone(offline) {
  return html`${heading(t(offline ? "activity_unavailable_offline" : "activity_gone_title"))}
    <p>${t(offline ? "activity_unavailable_offline_text" : "activity_gone_text")}</p>
    <a class="button" href="/calendar">${t("home_all_activities")}</a>`
}

/** Where: the place, its address, a note; no row at all when none is known. */
function where(activity, place) {
  const address = place ? [place.address, place.municipality].filter(Boolean).join(", ") : ""
  if (!place && !text(activity.location_note)) return nothing
  return html`<div class="fact">${icon("place")}<div>
    ${place ? html`<strong>${named(place.name)}</strong>` : nothing}
    ${address ? html`<div>${named(address)}</div>` : nothing}
    ${activity.location_note ? content(activity.location_note, "span") : nothing}
    ${address ? html`<a class="inline-link" href=${mapHref(place.name + ", " + address)} target="_blank" rel="noopener">${icon("map")} ${t("activity_map")}</a>` : nothing}
  </div></div>`
}

function placesLeft(activity) {
  if (!activity.capacity) return nothing
  const left = Math.max(0, activity.capacity - (activity.seats_taken || 0))
  // More taken than places: staff lowered the capacity; nobody lost a seat (internal/registration).
  const over = activity.seats_taken > activity.capacity && store.currentUser()?.role === "staff"
  return html`<div class="fact">${icon("group")}<div>${left > 0 ? t("activity_places_left", { Count: left }) : t("activity_full")}
    ${over ? html`<p class="small" role="note">${t("activity_over_capacity", { taken: activity.seats_taken, capacity: activity.capacity })}</p>` : nothing}</div></div>`
}

function download(activity, place) {
  const ics = activityICS(activity, {
    title: text(activity.title),
    description: text(activity.summary),
    location: place ? [place.name, place.address, place.municipality].filter(Boolean).join(", ") : text(activity.location_note),
    url: location.origin + "/activity/" + activity.id,
    host: location.hostname,
  })
  const a = document.createElement("a")
  a.href = URL.createObjectURL(new Blob([ics], { type: "text/calendar" }))
  a.download = "hug-" + activity.id + ".ics"
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

async function share(activity) {
  const data = {
    title: text(activity.title),
    text: `${text(activity.title)} - ${formatDayTime(activity.starts_at)}`,
    url: location.origin + "/activity/" + activity.id,
  }
  if (navigator.share) {
    await navigator.share(data).catch(() => {})
  } else {
    open("https://wa.me/?text=" + encodeURIComponent(data.text + " " + data.url), "_blank", "noopener")
  }
}

/**
 * Report the activity (internal/reports): for signed-in people, on a
 * published activity; a reason from the hub's list and an optional text.
 * Through the outbox (report_activity); once reported (the person's own
 * reports sync to them) the form gives way to "you reported it". A refusal
 * is shown at the top of the screen by the shell.
 */
function reportSection(activity, reported, navigate) {
  if (!store.currentUser() || activity.status !== "approved") return nothing
  if (reported) return html`<p class="report-sent" role="status">${t("report_sent")}</p>`
  const send = async (e) => {
    e.preventDefault()
    const data = new FormData(e.target)
    await store.mutate("report_activity", {
      report: newRecordId(), activity: activity.id, reason: String(data.get("reason")), text: String(data.get("text") || "").trim(),
    }, { where: "/activity/" + activity.id })
    navigate(location.pathname, { replace: true })
  }
  return html`<details class="filters report-activity">
    <summary>${icon("info")}<span>${t("report_action")}</span></summary>
    <form class="form" @submit=${send}>
      <p class="small">${t("report_intro")}</p>
      <label class="field"><span>${t("report_reason")}</span>
        <select name="reason" required>${(vocab.report_reasons || []).map((r) => html`<option value=${r}>${t("report_reason_" + r)}</option>`)}</select></label>
      <label class="field"><span>${t("report_text")}</span><textarea name="text" rows="3" maxlength="500" dir="auto"></textarea></label>
      <button class="button button-secondary" type="submit">${t("report_send")}</button>
    </form>
  </details>`
}

/** The activity whose originals are shown ("show original"), if any. */
let originalOf = ""

export async function view({ params, state, navigate }) {
  const { activity, offline } = await find(params.id)
  if (!activity) return gone(offline)
  countRead("activities", activity.id) // online only, once per page load, never awaited
  const [place, group, organization, registrations, activities, reports] = await Promise.all([
    activity.place ? store.one("places", activity.place) : null,
    activity.group ? store.one("groups", activity.group) : null,
    activity.organization ? store.one("organizations", activity.organization) : null,
    store.mine("registrations"),
    activity.series ? store.all("activities") : [],
    store.currentUser() ? store.all("reports") : [],
  ])
  const reported = reports.some((r) => r.activity === activity.id && r.reporter === store.currentUser()?.id)
  const mine = registrations.find((r) => r.activity === activity.id)
  const showOriginal = originalOf === activity.id
  const runner = activity.runner || organization?.name
  return html`
    <a class="back-link" href="/calendar">${icon("back")}${t("nav_calendar")}</a>
    ${heading(marked(activity, "title", { tag: "span", showOriginal }))}
    ${activity.status === "cancelled" ? html`<p class="banner banner-alert" role="alert">${t("activity_cancelled_text")}</p>` : nothing}
    ${activity.hidden ? html`<p class="banner banner-alert activity-hidden">${t("activity_hidden_text")}</p>` : nothing}
    <div class="facts">
      <div class="fact">${icon("clock")}<div><strong>${formatDay(activity.starts_at)}</strong>
        <div>${formatTimeRange(activity.starts_at, activity.ends_at)}</div></div></div>
      ${where(activity, place)}
      ${runner ? html`<div class="fact">${icon("user")}<div>${t("activity_runner")}: ${named(runner)}</div></div>` : nothing}
      ${(activity.age_bands || []).length ? html`<div class="fact">${icon("info")}<div>${t("activity_ages")}: ${activity.age_bands.map((b) => t("age_band", { band: b })).join(t("list_separator"))}</div></div>` : nothing}
      ${group ? html`<div class="fact">${icon("group")}<div>${t("activity_group")}: <a href="/groups/${group.id}">${inline(group.name)}</a></div></div>` : nothing}
      ${placesLeft(activity)}
    </div>
    <div class="description">${marked(activity, "summary", { showOriginal })}${marked(activity, "body", { showOriginal })}
      ${hasTranslation(activity, ["title", "summary", "body"]) || showOriginal
        ? originalToggle(showOriginal, () => { originalOf = showOriginal ? "" : activity.id; navigate(location.pathname, { replace: true }) }) : nothing}</div>
    ${registrationBox(activity, mine, state.outbox.rejected)}
    ${cycleSection(activity, activities, registrations)}
    <div class="actions">
      ${addToCalendar({ download: () => download(activity, place), group })}
      <button class="button button-secondary" @click=${() => share(activity)}>${icon("share")}<span>${t("activity_share")}</span></button>
      <a class="button button-secondary" href="/poster/activity/${activity.id}">${t("poster_make")}</a>
      ${store.currentUser()?.role === "staff" ? html`<a class="button button-secondary" href="/staff/attendance/${activity.id}">${t("activity_attendance_link")}</a>` : nothing}
    </div>
    ${reportSection(activity, reported, navigate)}`
}
