// Choosing the language: each one written in itself, so anyone finds theirs.
// Below, the reading chain: the languages the person reads, in order; each
// text shows in the first of them that has it (Arabic, then French, then
// the original). The first is the interface's; the others can be added,
// moved up and removed.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName } from "../../i18n.js"
import { vocab } from "../../vocab.js"
import * as store from "../../data/store.js"
import { heading } from "../ui/ui.js"
import { switchLanguage } from "../../app.js"

export const title = "language_choose"

export async function view() {
  const current = lang()
  const chain = await store.readingLanguages()
  const ordered = [current, ...chain.filter((c) => c !== current)]
  const dirOf = (code) => vocab.languages.find((l) => l.code === code)?.dir || "ltr"
  const set = (list) => store.chooseChain(list)
  const up = (i) => set(ordered.map((c, j) => (j === i - 1 ? ordered[i] : j === i ? ordered[i - 1] : c)))
  const others = vocab.languages.filter((l) => !ordered.includes(l.code))
  return html`${heading(t("language_choose"))}
    <ul class="choice-list" role="list">${vocab.languages.map(({ code, dir, name }) => html`<li>
      <button class="choice" lang=${code} dir=${dir} aria-pressed=${code === current ? "true" : "false"}
        @click=${() => switchLanguage(code)}>${name || code}</button></li>`)}</ul>
    <section aria-labelledby="chain-title">
      <h2 id="chain-title">${t("language_chain_title")}</h2>
      <p class="small">${t("language_chain_lead")}</p>
      <ol class="chain">${ordered.map((code, i) => html`<li>
        <span lang=${code} dir=${dirOf(code)}>${languageName(code)}</span>
        ${i > 1 ? html`<button type="button" class="button button-secondary button-small" @click=${() => up(i)}
          aria-label=${t("language_chain_up", { Language: languageName(code) })}>↑</button>` : nothing}
        ${i > 0 ? html`<button type="button" class="button button-secondary button-small" @click=${() => set(ordered.filter((c) => c !== code))}
          aria-label=${t("language_chain_remove", { Language: languageName(code) })}>✕</button>` : nothing}
      </li>`)}</ol>
      ${others.length ? html`<label class="field"><span>${t("language_chain_add")}</span>
        <select name="add" @change=${(e) => e.target.value && set([...ordered, e.target.value])}>
          <option value="" selected>—</option>
          ${others.map((l) => html`<option value=${l.code} lang=${l.code}>${l.name || l.code}</option>`)}
        </select></label>` : nothing}
    </section>`
}
