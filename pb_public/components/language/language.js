// Choosing the language: each one written in itself, so anyone finds theirs.

import { html } from "/vendor/lit-html/lit-html.js"
import { t, lang } from "../../i18n.js"
import { vocab } from "../../vocab.js"
import { heading } from "../ui/ui.js"
import { switchLanguage } from "../../app.js"

export const title = "language_choose"

export async function view() {
  const current = lang()
  return html`${heading(t("language_choose"))}
    <ul class="choice-list" role="list">${vocab.languages.map(({ code, dir, name }) => html`<li>
      <button class="choice" lang=${code} dir=${dir} aria-pressed=${code === current ? "true" : "false"}
        @click=${() => switchLanguage(code)}>${name || code}</button></li>`)}</ul>`
}
