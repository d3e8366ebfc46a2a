// Notifications (/me/notifications): turning Web Push on for this phone (the
// browser asks for permission only after the person's tap), what to receive
// (per kind, per group), quiet hours and lock-screen previews. Guests follow
// public announcements and public groups; a signed-in family also gets what
// concerns it. Where push cannot work (a browser without it, an iPhone
// before iOS 16.4 or without the app on the Home Screen) the screen says
// why and how, and that the inbox keeps everything anyway.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import * as push from "../../data/push.js"
import { heading, inline } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"
import { show, navigate } from "../../app.js"

export const title = "notify_title"

async function turnOn(e) {
  const status = e.target.closest("section").querySelector(".form-status")
  try {
    const result = await push.turnOn()
    if (result !== "on") render(t(result === "denied" ? "notify_blocked" : "notify_not_allowed"), status)
    else {
      push.start(navigate)
      show()
    }
  } catch (err) {
    render(errorMessage(err), status)
  }
}

async function turnOff(e) {
  const status = e.target.closest("section").querySelector(".form-status")
  try {
    await push.turnOff()
    show()
  } catch (err) {
    render(errorMessage(err), status)
  }
}

/** What this phone can do, and the one thing to do next. */
function pushCard(support, permission, on) {
  let body
  if (support === "ios-old") body = html`<p>${t("notify_ios_old")}</p>`
  else if (support === "ios-install") {
    body = html`<p>${t("notify_ios_install")}</p>
      <ol>
        <li>${t("install_ios_step_share")}</li>
        <li>${t("install_ios_step_add")}</li>
        <li>${t("install_ios_step_confirm")}</li>
        <li>${t("notify_ios_step_open")}</li>
      </ol>`
  } else if (support === "no-push") body = html`<p>${t("notify_no_push")}</p>`
  else if (permission === "denied") body = html`<p>${t("notify_blocked")}</p>`
  else if (on) {
    body = html`<p class="status status-open" data-push="on">${t("notify_on")}</p>
      <button class="button button-secondary" type="button" @click=${turnOff}>${t("notify_turn_off")}</button>`
  } else {
    body = html`<p data-push="off">${t("notify_off")}</p>
      <button class="button" type="button" id="notify-turn-on" @click=${turnOn}>${t("notify_turn_on")}</button>`
  }
  return html`<section class="card" aria-labelledby="notify-phone"><h2 id="notify-phone">${t("notify_this_phone")}</h2>
    ${body}
    <p class="form-status" role="status"></p>
  </section>`
}

async function save(e) {
  e.preventDefault()
  const form = e.target
  const data = new FormData(form)
  const status = form.querySelector(".form-status")
  /** @type {import("../../data/push.js").Choices} */
  const choices = {
    kinds: data.getAll("kinds").map(String),
    groups: data.getAll("groups").map(String),
    quiet: { from: String(data.get("quiet_from") || ""), to: String(data.get("quiet_to") || "") },
    previews: data.get("previews") === "on",
  }
  try {
    await push.saveChoices(choices)
    render(html`<span class="status-open">${t("notify_saved")}</span>`, status)
  } catch (err) {
    render(errorMessage(err), status)
  }
}

export async function view() {
  const user = store.currentUser()
  const [prefs, groups, on] = await Promise.all([push.choices(), store.all("groups"), push.isOn()])
  // A guest follows public groups; a person also their own (the groups a
  // phone holds are those its person may see).
  const followable = groups.filter((g) => user || g.public)
  const support = push.support()
  return html`${heading(t("notify_title"), t("notify_lead"))}
    ${pushCard(support, push.permission(), on)}
    <p class="card">${t("notify_inbox_keeps")} <a href="/inbox">${t("inbox_title")}</a></p>
    <form class="form card notify-form" @submit=${save} aria-labelledby="notify-choices">
      <h2 id="notify-choices">${t("notify_choices")}</h2>
      ${user ? nothing : html`<p class="small">${t("notify_guest_note")}</p>`}
      <fieldset class="field"><legend>${t("notify_kinds")}</legend>
        ${push.kindsFor(!!user).map((k) => html`<label class="check"><input type="checkbox" name="kinds" value=${k} .checked=${prefs.kinds.includes(k)}>
          <span>${t("notify_choice_" + k)}</span></label>`)}
      </fieldset>
      ${followable.length ? html`<fieldset class="field"><legend>${t("notify_groups")}</legend>
        ${followable.map((g) => html`<label class="check"><input type="checkbox" name="groups" value=${g.id} .checked=${prefs.groups.includes(g.id)}>
          ${inline(g.name)}</label>`)}
      </fieldset>` : nothing}
      <fieldset class="field"><legend>${t("notify_quiet")}</legend>
        <p class="small">${t("notify_quiet_help")}</p>
        <div class="quiet-hours">
          <label class="field"><span>${t("notify_quiet_from")}</span><input type="time" name="quiet_from" dir="ltr" .value=${prefs.quiet?.from || ""}></label>
          <label class="field"><span>${t("notify_quiet_to")}</span><input type="time" name="quiet_to" dir="ltr" .value=${prefs.quiet?.to || ""}></label>
        </div>
      </fieldset>
      <fieldset class="field"><legend>${t("notify_previews")}</legend>
        <label class="check"><input type="checkbox" name="previews" .checked=${!!prefs.previews}><span>${t("notify_previews_on")}</span></label>
        <p class="small">${t("notify_previews_help")}</p>
      </fieldset>
      <p class="form-status" role="status"></p>
      <button class="button" type="submit">${t("notify_save")}</button>
    </form>`
}
