// The install invitation: a button where the browser can install, the steps
// on an iPhone, nothing once installed.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import { installState, install } from "./install.js"
import { icon } from "../ui/icons.js"

export function installCard() {
  if (installState.installed) return nothing
  if (installState.prompt) {
    return html`<section class="card install-card" aria-labelledby="install-title">
      <h2 id="install-title">${t("install_title")}</h2>
      <p>${t("install_text")}</p>
      <button class="button" @click=${install}>${icon("install")}<span>${t("install_button")}</span></button>
    </section>`
  }
  if (installState.ios) {
    return html`<section class="card install-card" aria-labelledby="install-title">
      <h2 id="install-title">${t("install_title")}</h2>
      <p>${t("install_ios_intro")}</p>
      <ol>
        <li>${t("install_ios_step_share")}</li>
        <li>${t("install_ios_step_add")}</li>
        <li>${t("install_ios_step_confirm")}</li>
      </ol>
    </section>`
  }
  return nothing
}
