// Asking for an appointment: a listening space or a psycho-pedagogical
// consultation (the press release's "spazi di ascolto" and "consulenze").
// Topic, preferred access point and times of the week (days and parts of
// the day, with a free note), a short message, and how to be reached. The
// request goes to the outbox (data/engine.js): it works offline, shows at
// once in My space as "waiting to send", and only the family and staff
// ever see it (internal/appointments). A request the hub refuses is shown
// by the shell at the top of this screen; the form comes back filled in,
// to correct and send again.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, lang, weekdayName } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { vocab } from "../../vocab.js"
import { heading, ltr, telHref } from "../ui/ui.js"

export const title = "appointment_title"

const where = "/appointment"

async function submit(e, navigate, refused) {
  e.preventDefault()
  const form = /** @type {HTMLFormElement} */ (e.target)
  const data = new FormData(form)
  const value = (name) => String(data.get(name) || "").trim()
  const method = value("contact_method")
  const args = {
    appointment: refused?.args.appointment || newRecordId(),
    topic: value("topic"),
    preferred_place: value("preferred_place"),
    preferred_days: data.getAll("preferred_days").map(String),
    preferred_parts: data.getAll("preferred_parts").map(String),
    preferred_times: value("preferred_times"),
    message: value("message"),
    language: lang(),
    contact_method: method,
    [method === "email" ? "contact_email" : "contact_phone"]: value(method === "email" ? "contact_email" : "contact_phone"),
  }
  for (const k of Object.keys(args)) if (args[k] === "" || (Array.isArray(args[k]) && !args[k].length)) delete args[k]
  try {
    await store.mutate("request_appointment", args, { where, replaces: refused?.id })
    navigate("/me#me-appointments")
  } catch {
    render(t("error_status_500"), form.querySelector(".form-status"))
  }
}

const checked = (list, v) => (list || []).includes(v)

export async function view({ navigate, state }) {
  const user = store.currentUser()
  const [places, centres] = await Promise.all([store.all("places"), store.all("centre")])
  const centre = centres[0]
  const intro = html`${heading(t("appointment_title"), t("appointment_lead"))}
    <p>${t("appointment_private")}</p>`
  if (!user) {
    return html`${intro}
      <p>${t("appointment_sign_in_first")}</p>
      <div class="actions"><a class="button" href="/signin?next=${encodeURIComponent(where)}">${t("signin_title")}</a>
      ${centre?.phone ? html`<a class="button button-secondary" href=${telHref(centre.phone)}>${t("contacts_call")} ${ltr(centre.phone)}</a>` : nothing}</div>`
  }
  const refused = state.outbox.rejected.find((m) => m.where === where && m.name === "request_appointment")
  const v = refused?.args || { contact_method: "phone", contact_email: user.email, topic: vocab.appointment_topics?.[0] }
  const method = v.contact_method || "phone"
  return html`${intro}
    <form class="form" @submit=${(e) => submit(e, navigate, refused)}>
      <fieldset class="field"><legend>${t("appointment_topic")}</legend>
        ${(vocab.appointment_topics || []).map((topic) => html`<label class="check">
          <input type="radio" name="topic" value=${topic} .checked=${v.topic === topic} required>
          <span>${t("appointment_topic_" + topic)}</span></label>`)}
      </fieldset>
      <label class="field"><span>${t("appointment_place")}</span>
        <select name="preferred_place">
          <option value="">${t("appointment_place_any")}</option>
          ${places.map((p) => html`<option value=${p.id} lang=${vocab.source_language || "it"} .selected=${v.preferred_place === p.id}>${p.name}</option>`)}
        </select></label>
      <fieldset class="field"><legend>${t("appointment_days")}</legend>
        ${(vocab.appointment_weekdays || []).map((d) => html`<label class="check">
          <input type="checkbox" name="preferred_days" value=${d} .checked=${checked(v.preferred_days, d)}><span>${weekdayName(Number(d))}</span></label>`)}
      </fieldset>
      <fieldset class="field"><legend>${t("appointment_parts")}</legend>
        ${(vocab.day_parts || []).map((p) => html`<label class="check">
          <input type="checkbox" name="preferred_parts" value=${p} .checked=${checked(v.preferred_parts, p)}><span>${t("day_part_" + p)}</span></label>`)}
      </fieldset>
      <label class="field"><span>${t("appointment_times_note")}</span>
        <input name="preferred_times" maxlength="200" dir="auto" .value=${v.preferred_times || ""}></label>
      <label class="field"><span>${t("appointment_message")}</span>
        <span class="small">${t("appointment_message_help")}</span>
        <textarea name="message" rows="4" maxlength="1000" dir="auto" .value=${v.message || ""}></textarea></label>
      <fieldset class="field"><legend>${t("appointment_contact")}</legend>
        <label class="check"><input type="radio" name="contact_method" value="phone" .checked=${method === "phone"}><span>${t("appointment_contact_phone")}</span></label>
        <label class="check"><input type="radio" name="contact_method" value="email" .checked=${method === "email"}><span>${t("appointment_contact_email")}</span></label>
      </fieldset>
      <label class="field"><span>${t("appointment_phone")}</span>
        <input name="contact_phone" type="tel" inputmode="tel" autocomplete="tel" dir="ltr" maxlength="30" .value=${v.contact_phone || ""}></label>
      <label class="field"><span>${t("appointment_email")}</span>
        <input name="contact_email" type="email" autocomplete="email" dir="ltr" .value=${v.contact_email || ""}></label>
      <p class="form-status" role="alert"></p>
      <button class="button" type="submit">${t(refused ? "sync_send_again" : "appointment_send")}</button>
    </form>`
}
