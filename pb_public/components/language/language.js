// Choosing the language: each one written in itself, so anyone finds theirs.

import { html } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName } from "../../i18n.js"
import { heading } from "../ui/ui.js"
import { switchLanguage } from "../../app.js"

export const title = "language_choose"

export const LANGUAGES = ["it", "en", "ar", "ro", "sq", "pa", "uk", "zh", "fr"]

export async function view() {
  const current = lang()
  return html`${heading(t("language_choose"))}
    <ul class="choice-list" role="list">${LANGUAGES.map((code) => html`<li>
      <button class="choice" lang=${code} dir=${code === "ar" ? "rtl" : "ltr"} aria-pressed=${code === current ? "true" : "false"}
        @click=${() => switchLanguage(code)}>${languageName(code)}</button></li>`)}</ul>`
}
