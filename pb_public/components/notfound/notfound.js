import { html } from "/vendor/lit-html/lit-html.js"
import { t } from "../../i18n.js"
import { heading } from "../ui/ui.js"

export const title = "notfound_title"

export async function view() {
  return html`${heading(t("notfound_title"))}<p>${t("notfound_text")}</p><a class="button" href="/">${t("nav_home")}</a>`
}
