// Signing in: e-mail and password, or a one-time code sent by e-mail (for
// people who forget passwords; PocketBase provides both).

import { html, render } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading } from "../ui/ui.js"
import { errorMessage } from "../ui/errors.js"

export const title = "signin_title"

let pendingCode = null // {otpId, email} between the two steps

function after(query, navigate) {
  const next = query.get("next")
  navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/me", { replace: true })
}

async function attempt(form, action) {
  const status = form.querySelector(".form-status")
  const button = form.querySelector("button[type=submit]")
  button.disabled = true
  render(t("loading"), status)
  try {
    await action(new FormData(form))
  } catch (err) {
    render(errorMessage(err), status)
  } finally {
    button.disabled = false
  }
}

export async function view({ query, navigate }) {
  if (store.currentUser() && !store.sessionExpired()) after(query, navigate)
  const withPassword = (e) => {
    e.preventDefault()
    attempt(e.target, async (d) => {
      await store.signIn(String(d.get("email")), String(d.get("password")))
      after(query, navigate)
    })
  }
  const askCode = (e) => {
    e.preventDefault()
    attempt(e.target, async (d) => {
      const email = String(d.get("email"))
      pendingCode = { otpId: await store.requestCode(email), email }
      navigate(location.pathname + location.search, { replace: true })
    })
  }
  const withCode = (e) => {
    e.preventDefault()
    attempt(e.target, async (d) => {
      await store.signInWithCode(pendingCode.otpId, String(d.get("code")).trim())
      pendingCode = null
      after(query, navigate)
    })
  }
  const status = html`<p class="form-status" role="alert"></p>`
  return html`${heading(t("signin_title"), t("signin_lead"))}
    <p><a class="button button-secondary" href="/signup">${t("signup_link")}</a></p>
    <section class="card" aria-labelledby="signin-password">
      <h2 id="signin-password">${t("signin_with_password")}</h2>
      <form class="form" @submit=${withPassword}>
        <label class="field"><span>${t("signin_email")}</span><input name="email" type="email" autocomplete="email" required></label>
        <label class="field"><span>${t("signin_password")}</span><input name="password" type="password" autocomplete="current-password" required></label>
        ${status}
        <button class="button" type="submit">${t("signin_submit")}</button>
      </form>
    </section>
    <section class="card" aria-labelledby="signin-code">
      <h2 id="signin-code">${t("signin_with_code")}</h2>
      ${pendingCode ? html`
        <p>${t("signin_code_sent", { email: pendingCode.email })}</p>
        <form class="form" @submit=${withCode}>
          <label class="field"><span>${t("signin_code")}</span><input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
          ${status}
          <button class="button" type="submit">${t("signin_submit")}</button>
        </form>` : html`
        <p>${t("signin_code_lead")}</p>
        <form class="form" @submit=${askCode}>
          <label class="field"><span>${t("signin_email")}</span><input name="email" type="email" autocomplete="email" required></label>
          ${status}
          <button class="button button-secondary" type="submit">${t("signin_send_code")}</button>
        </form>`}
    </section>`
}
