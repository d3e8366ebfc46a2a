// Proposing an activity (/propose) and editing one (/propose/:id): written
// in the proposer's language, kept on the phone and sent through the outbox
// (propose_activity, update_proposal, submit_proposal, set_proposal_photo:
// docs/SYNC.md), so it works offline. Loaded only on these paths.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName, pick } from "../../i18n.js"
import * as store from "../../data/store.js"
import { newRecordId } from "../../data/mutators.js"
import { heading, named } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"
import { vocab } from "../../vocab.js"
import { romeToUTC, romeParts, shrinkPhoto } from "./when.js"

export const title = "propose_title"

/** The dates the form describes, as [{starts_at, ends_at}] in UTC (PocketBase's format). */
function datesOf(data) {
  const mode = String(data.get("when") || "one")
  const start = String(data.get("start") || ""), end = String(data.get("end") || "")
  let days = data.getAll("date").map(String).filter(Boolean)
  if (mode === "weekly") {
    const n = Math.max(1, Math.min(52, Number(data.get("weeks")) || 1))
    const first = days[0]
    days = first ? Array.from({ length: n }, (_, i) => {
      const d = new Date(first + "T12:00:00Z")
      d.setUTCDate(d.getUTCDate() + 7 * i)
      return d.toISOString().slice(0, 10)
    }) : []
  } else if (mode === "one") {
    days = days.slice(0, 1)
  }
  return days.map((day) => ({ starts_at: romeToUTC(day, start), ends_at: romeToUTC(day, end) }))
}

/** The fields every date shares. */
function shared(data) {
  return {
    title: String(data.get("title") || "").trim(),
    summary: String(data.get("summary") || "").trim(),
    body: String(data.get("body") || "").trim(),
    kind: String(data.get("kind") || "other"),
    place: String(data.get("place") || ""),
    address: String(data.get("address") || "").trim(),
    group: String(data.get("group") || ""),
    age_bands: data.getAll("bands").map(String),
    capacity: Math.max(0, Number(data.get("capacity")) || 0),
    registration_required: data.get("registration") === "on",
  }
}

async function save(e, navigate, existing, refused) {
  e.preventDefault()
  const form = /** @type {HTMLFormElement} */ (e.target)
  const submit = /** @type {any} */ (e).submitter?.value === "submit"
  const data = new FormData(form)
  const status = form.querySelector(".form-status")
  const where = existing ? "/propose/" + existing.id : "/propose"
  try {
    const photo = /** @type {HTMLInputElement} */ (form.querySelector("input[name=photo]")).files?.[0]
    const encoded = photo ? await shrinkPhoto(photo) : ""
    let id = existing?.id
    if (!existing) {
      const dates = datesOf(data).map((d) => ({ activity: newRecordId(), ...d }))
      id = dates[0]?.activity
      const organization = String(data.get("organization") || "")
      await store.mutate("propose_activity", { dates, language: String(data.get("language")), ...shared(data), submit,
        ...(organization ? { organization } : {}) }, { where, replaces: refused?.id })
    } else {
      const [date] = datesOf(data)
      await store.mutate("update_proposal", { activity: id, language: String(data.get("language")), ...shared(data), ...(date || {}) },
        { where, replaces: refused?.id })
      if (submit && ["draft", "changes_requested", "rejected"].includes(existing.status)) {
        await store.mutate("submit_proposal", { activity: id }, { where })
      }
    }
    if (encoded && id) await store.mutate("set_proposal_photo", { activity: id, photo: encoded }, { where })
    render(t("propose_saved"), status)
    navigate("/me/proposals")
  } catch (err) {
    render(errorMessage(err), status)
  }
}

function field(label, input) {
  return html`<label class="field"><span>${label}</span>${input}</label>`
}

export async function view({ navigate, params, state }) {
  const user = store.currentUser()
  if (!user) {
    navigate("/signin", { replace: true })
    return nothing
  }
  const [places, groups, organizations] = await Promise.all([store.all("places"), store.all("groups"), store.all("organizations")])
  const existing = params.id ? await store.one("activities", params.id) : null
  const where = existing ? "/propose/" + existing.id : "/propose"
  const refused = state.outbox.rejected.find((m) => m.where === where && (m.name === "propose_activity" || m.name === "update_proposal"))
  const writing = existing?.original_language || lang()
  const textOf = (f) => (existing?.[f] || {})[writing] || pick(existing?.[f]).text || ""
  const start = existing ? romeParts(existing.starts_at) : { day: "", time: "16:00" }
  const end = existing ? romeParts(existing.ends_at) : { day: "", time: "18:00" }
  const mine = organizations.filter((o) => o.verified && (o.members || []).includes(user.id))
  const accessPoints = places.filter((p) => p.kind === "access_point" || !p.kind)
  const when = html`<fieldset class="field"><legend>${t("propose_when")}</legend>
      ${existing ? nothing : html`
        ${["one", "weekly", "list"].map((m) => html`<label class="check"><input type="radio" name="when" value=${m} ?checked=${m === "one"}
          @change=${(e) => {
          const box = e.target.closest("fieldset")
          box.querySelector(".only-weekly").hidden = m !== "weekly"
          box.querySelector(".only-list").hidden = m !== "list"
          // Dates added in the list mode leave the form with it: hidden and
          // disabled, an empty one no longer blocks sending.
          const more = box.querySelector(".more-dates")
          more.hidden = m !== "list"
          for (const input of more.querySelectorAll("input")) input.disabled = m !== "list"
        }}><span>${t("propose_when_" + m)}</span></label>`)}`}
      <div class="dates">
        ${field(t("propose_date"), html`<input type="date" name="date" required .value=${start.day}>`)}
        <div class="more-dates"></div>
      </div>
      ${existing ? nothing : html`
        <div class="only-weekly" hidden>${field(t("propose_weeks"), html`<input type="number" name="weeks" min="1" max="52" value="4" inputmode="numeric">`)}</div>
        <div class="only-list" hidden><button class="button button-secondary" type="button" @click=${(e) => {
          const box = e.target.closest("fieldset").querySelector(".more-dates")
          const label = Object.assign(document.createElement("label"), { className: "field" })
          label.innerHTML = "<span></span><input type=date name=date required>"
          label.firstElementChild.textContent = t("propose_date")
          box.append(label)
        }}>${t("propose_add_date")}</button></div>`}
      ${field(t("propose_start"), html`<input type="time" name="start" required .value=${start.time}>`)}
      ${field(t("propose_end"), html`<input type="time" name="end" required .value=${end.time}>`)}
    </fieldset>`

  return html`${heading(t(existing ? "propose_edit_title" : "propose_title"), t("propose_intro"))}
    <form class="form propose" @submit=${(e) => save(e, navigate, existing, refused)}>
      ${field(t("propose_language"), html`<select name="language">${vocab.languages.map((l) =>
        html`<option value=${l.code} ?selected=${l.code === writing}>${languageName(l.code)}</option>`)}</select>`)}
      ${field(t("propose_field_title"), html`<input name="title" required maxlength="200" dir="auto" .value=${textOf("title")}>`)}
      ${field(t("propose_field_summary"), html`<input name="summary" maxlength="300" dir="auto" .value=${textOf("summary")}>`)}
      ${field(t("propose_field_body"), html`<textarea name="body" rows="5" dir="auto" .value=${textOf("body")}></textarea>`)}
      ${field(t("propose_kind"), html`<select name="kind">${vocab.activity_kinds.map((k) =>
        html`<option value=${k} ?selected=${k === (existing?.kind || "play")}>${t("kind_" + k)}</option>`)}</select>`)}
      ${when}
      <fieldset class="field"><legend>${t("propose_where")}</legend>
        ${field(t("propose_place"), html`<select name="place"><option value="">${t("propose_place_none")}</option>
          ${accessPoints.map((p) => html`<option value=${p.id} ?selected=${p.id === existing?.place}>${p.name}</option>`)}</select>`)}
        ${field(t("propose_address"), html`<input name="address" maxlength="300" dir="auto" autocomplete="street-address" .value=${textOf("location_note")}>`)}
      </fieldset>
      ${field(t("propose_group"), html`<select name="group"><option value="">${t("propose_group_none")}</option>
        ${groups.filter((g) => g.public).map((g) => html`<option value=${g.id} ?selected=${g.id === existing?.group}>${pick(g.name).text}</option>`)}</select>`)}
      <fieldset class="field"><legend>${t("propose_age_bands")}</legend>
        ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="bands" value=${b} ?checked=${(existing?.age_bands || []).includes(b)}>
          <span>${t("age_band", { band: b })}</span></label>`)}
      </fieldset>
      ${field(t("propose_capacity"), html`<input type="number" name="capacity" min="0" max="10000" inputmode="numeric" .value=${String(existing?.capacity ?? 0)}>`)}
      <label class="check"><input type="checkbox" name="registration" ?checked=${existing ? existing.registration_required : true}><span>${t("propose_registration")}</span></label>
      ${mine.length && !existing ? field(t("initiatives_title"), html`<select name="organization"><option value="">${user.name || "-"}</option>
        ${mine.map((o) => html`<option value=${o.id}>${o.name}</option>`)}</select>`) : nothing}
      ${field(t("propose_photo"), html`<input type="file" name="photo" accept="image/*" aria-describedby="photo-help">`)}
      <p class="small" id="photo-help">${t("propose_photo_help")}</p>
      <p class="form-status" role="status"></p>
      <div class="actions">
        <button class="button button-secondary" type="submit" value="draft">${t("propose_save_draft")}</button>
        <button class="button" type="submit" value="submit">${t("propose_submit")}</button>
      </div>
    </form>
    ${existing?.place ? html`<p class="small">${named(places.find((p) => p.id === existing.place)?.name || "")}</p>` : nothing}`
}
