// Signing up: a family or an association member gives the minimum the
// centre needs (e-mail, a name to show, a language; optionally the town and
// the children's age bands, never names or birth dates) and accepts the
// privacy notice. A code by e-mail then confirms the address and signs the
// person in; a password is optional (codes work without one).
// Loaded only when someone opens /signup: off the first visit's path.

import { html, nothing, render } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName } from "../../i18n.js"
import { vocab } from "../../vocab.js"
import * as store from "../../data/store.js"
import { heading } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"

export const title = "signup_title"

// The roles a person may give themselves (the users create rule in
// pb_migrations allows these two); staff assign the others.
const SELF_ROLES = [["family", "signup_as_family"], ["association", "signup_as_association"]]

let pending = null // {otpId, email} between the two steps

async function attempt(form, action) {
  const status = form.querySelector(".form-status")
  const button = form.querySelector("button[type=submit]")
  button.disabled = true
  render(t("loading"), status)
  try {
    await action(new FormData(form))
  } catch (err) {
    render(errorMessage(err), status)
    status.focus()
  } finally {
    button.disabled = false
  }
}

function codeStep(navigate) {
  const withCode = (e) => {
    e.preventDefault()
    attempt(e.target, async (d) => {
      await store.signInWithCode(pending.otpId, String(d.get("code")).trim())
      pending = null
      navigate("/me", { replace: true })
    })
  }
  return html`${heading(t("signup_title"))}
    <section class="card" aria-labelledby="signup-code">
      <h2 id="signup-code">${t("signin_code")}</h2>
      <p>${t("signup_check_email", { email: pending.email })}</p>
      <form class="form" @submit=${withCode}>
        <label class="field"><span>${t("signin_code")}</span>
          <input name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr"></label>
        <p class="form-status" role="alert" tabindex="-1"></p>
        <button class="button" type="submit">${t("signin_submit")}</button>
      </form>
    </section>`
}

export async function view({ navigate }) {
  if (store.currentUser()) {
    navigate("/me", { replace: true })
    return nothing
  }
  if (pending) return codeStep(navigate)
  const submit = (e) => {
    e.preventDefault()
    attempt(e.target, async (d) => {
      const email = String(d.get("email")).trim()
      const otpId = await store.signUp({
        email,
        name: String(d.get("name")).trim(),
        role: String(d.get("role")),
        languages: [String(d.get("language"))],
        municipality: String(d.get("municipality") || "").trim(),
        children_age_bands: d.getAll("bands").map(String),
        password: String(d.get("password") || ""),
        privacy_accepted: d.get("privacy") === "yes",
      })
      pending = { otpId, email }
      navigate("/signup", { replace: true })
    })
  }
  const current = lang()
  return html`${heading(t("signup_title"), t("signup_lead"))}
    <form class="form card" @submit=${submit}>
      <fieldset class="field"><legend>${t("signup_as")}</legend>
        ${SELF_ROLES.map(([role, label], i) => html`<label class="check">
          <input type="radio" name="role" value=${role} ?checked=${i === 0} required><span>${t(label)}</span></label>`)}
      </fieldset>
      <label class="field"><span>${t("signin_email")}</span>
        <input name="email" type="email" autocomplete="email" required dir="ltr"></label>
      <label class="field"><span>${t("signup_name")}</span>
        <span class="small">${t("signup_name_help")}</span>
        <input name="name" autocomplete="given-name" required maxlength="100"></label>
      <label class="field"><span>${t("signup_language")}</span>
        <select name="language">${vocab.languages.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === current}>${languageName(l.code)}</option>`)}</select></label>
      <label class="field"><span>${t("signup_municipality")}</span>
        <input name="municipality" autocomplete="address-level2" maxlength="100"></label>
      <fieldset class="field"><legend>${t("signup_children_bands")}</legend>
        <p class="small">${t("me_children_bands_help")}</p>
        ${vocab.age_bands.map((b) => html`<label class="check"><input type="checkbox" name="bands" value=${b}>
          <span>${t("age_band", { band: b })}</span></label>`)}
      </fieldset>
      <label class="field"><span>${t("signup_password")}</span>
        <span class="small">${t("signup_password_help")}</span>
        <input name="password" type="password" autocomplete="new-password" minlength="8"></label>
      <section aria-labelledby="signup-privacy">
        <h2 id="signup-privacy">${t("privacy_title")}</h2>
        <p>${t("privacy_notice")}</p>
        <label class="check"><input type="checkbox" name="privacy" value="yes" required><span>${t("privacy_accept")}</span></label>
      </section>
      <p class="form-status" role="alert" tabindex="-1"></p>
      <button class="button" type="submit">${t("signup_submit")}</button>
    </form>
    <p><a href="/signin">${t("signup_have_account")}</a></p>`
}
