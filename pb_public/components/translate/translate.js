// The mediators' workplace (/translate, for mediators and staff): a queue of
// the texts missing or out of date in one of their languages (a mediator's:
// their profile's languages; staff: any), the soonest activities first, then
// the published announcements, newest first, then the services most read
// in the last 30 days first (GET /api/hub/reads/top, fetched when online,
// the last answer kept for the page load), then by name, then groups,
// access points and the centre. Each opens a
// side-by-side editor: the original, the translation, a preview as families
// see it; saved as a draft (seen by its author and staff only) or
// published, through the outbox (save_translation), so it works offline.
// A published translation by someone else can be marked reviewed
// (review_translation). Everything it lists comes from the record's
// provenance, which the server keeps (docs/ARCHITECTURE.md).

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, text, direction, languageName } from "../../i18n.js"
import * as store from "../../data/store.js"
import { vocab } from "../../vocab.js"
import { heading, inline, useStylesheets } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { topReads } from "../../data/reads.js"
import { byReadsThenName } from "./order.js"

export const title = "nav_translate"
/** A staff or mediator screen: app.js loads the desk messages (i18n.DeskPrefixes) first. */
export const desk = true

const useStyles = () => useStylesheets("/components/translate/translate.css")

/** The collections translated here, in the queue's order. */
const collections = ["activities", "announcements", "services", "groups", "places", "centre"]

/** The text at a provenance path ("title", "service_lines.0.title") of a record. */
export function textAt(record, path) {
  let node = record
  for (const part of path.split(".")) node = node?.[part]
  return node && typeof node === "object" ? node : {}
}

/** A record's name in the queue. */
function label(collection, r) {
  if (collection === "centre") return t("translate_kind_centre")
  if (collection === "places") return r.name
  return text(r.title || r.name)
}

/** The languages this person translates into. */
async function languages(user) {
  if (user.role === "staff") return vocab.languages.map((l) => l.code).filter((c) => c !== vocab.source_language)
  const me = await store.profile()
  return (me?.languages || []).filter((c) => vocab.languages.some((l) => l.code === c))
}

/** The queue for one language: [{collection, record, path, state, draft}] in order. */
async function queue(lang, userId) {
  const now = Date.now()
  const drafts = (await store.all("translation_drafts")).filter((d) => d.author === userId && d.language === lang)
  const reads = await topReads("services")
  const out = []
  for (const collection of collections) {
    let records = (await store.all(collection)).filter((r) => r.provenance && !r.retired)
    if (collection === "activities") {
      records = records.filter((r) => Date.parse(r.ends_at || r.starts_at) >= now && r.status !== "rejected")
        .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
    } else if (collection === "announcements") {
      records = records.filter((r) => r.status === "published")
        .sort((a, b) => String(b.published_at).localeCompare(String(a.published_at)))
    } else if (collection === "services") {
      byReadsThenName(records, reads, (r) => String(label(collection, r)), (a, b) => a.localeCompare(b, vocab.source_language))
    } else {
      records.sort((a, b) => String(label(collection, a)).localeCompare(String(label(collection, b)), vocab.source_language))
    }
    for (const r of records) {
      // A record's title or name first, its other texts after.
      const paths = Object.entries(r.provenance).sort(([a], [b]) => Number(!/^(title|name)$/.test(a)) - Number(!/^(title|name)$/.test(b)) || a.localeCompare(b))
      for (const [path, p] of paths) {
        if (p.original === lang || !textAt(r, path)[p.original]) continue
        const tr = p.translations?.[lang]
        const draft = drafts.find((d) => d.target_collection === collection && d.target_id === r.id && d.field === path)
        const state = !tr ? "missing" : tr.outdated ? "outdated" : ""
        if (state) out.push({ collection, record: r, path, state, draft })
      }
    }
  }
  return out
}

function queueView(items, lang) {
  if (!items.length) return html`<p role="status">${t("translate_empty_queue")}</p>`
  return html`<ul class="queue">${items.map((i) => html`<li>
    <a href="/translate/${i.collection}/${i.record.id}/${i.path}/${lang}">
      <span class="small">${t("translate_kind_" + i.collection)} · ${t("translate_field_" + i.path.split(".")[0])}</span>
      <span class="item-title" dir="auto">${label(i.collection, i.record)}</span>
      <span><span class="badge">${t("translate_state_" + i.state)}</span>
        ${i.draft ? html`<span class="badge badge-pending">${t("translate_state_draft")}</span>` : nothing}</span>
    </a></li>`)}</ul>`
}

/** The last thing saved ("draft", "publish", "review") and on which editor. */
let saved = { where: "", what: "" }

async function editor({ collection, id, field, lang }, user, navigate) {
  const back = html`<a class="back-link" href="/translate?lang=${lang}">${icon("back")}${t("translate_back")}</a>`
  const record = await store.one(collection, id)
  const p = record?.provenance?.[field]
  const source = p && textAt(record, field)[p.original]
  if (!source || !vocab.languages.some((l) => l.code === lang) || lang === p.original) {
    return html`${back}${heading(t("nav_translate"))}<p>${t("translate_not_found")}</p>`
  }
  const texts = textAt(record, field)
  const tr = p.translations?.[lang]
  const draft = (await store.all("translation_drafts")).find((d) => d.author === user.id && d.target_collection === collection &&
    d.target_id === id && d.field === field && d.language === lang)
  const current = draft?.text ?? texts[lang] ?? ""
  const where = location.pathname
  const submit = async (e) => {
    e.preventDefault()
    const mode = /** @type {HTMLButtonElement} */ (e.submitter)?.value === "draft" ? "draft" : "publish"
    const value = String(new FormData(e.target).get("text") || "")
    await store.mutate("save_translation", { collection, record: id, field, language: lang, text: value, mode }, { where })
    saved = { where, what: mode }
    navigate(where, { replace: true })
  }
  const review = async () => {
    await store.mutate("review_translation", { collection, record: id, field, language: lang }, { where })
    saved = { where, what: "review" }
    navigate(where, { replace: true })
  }
  const preview = (e) => {
    const out = document.getElementById("translate-preview-text")
    if (out) out.textContent = e.target.value
  }
  const canReview = tr && texts[lang] && (user.role === "staff" || tr.actor !== user.id) && !tr.reviewed_by
  const status = saved.where === where
    ? html`<p class="form-status" role="status">${t({ draft: "translate_saved_draft", publish: "translate_published", review: "translate_review_done" }[saved.what])}</p>` : nothing
  const srcLang = p.original
  return html`${back}
    ${heading(t("nav_translate"), html`${t("translate_kind_" + collection)}: ${inline(record.title || record.name || {})}`)}
    <form class="form" @submit=${submit}>
      <div class="side-by-side">
        <section aria-labelledby="translate-source">
          <h2 id="translate-source">${t("translate_original", { language: languageName(srcLang) })}</h2>
          <div class="source" lang=${srcLang} dir="auto">${source}</div>
        </section>
        <section>
          <label class="field"><span>${t("translate_translation", { language: languageName(lang) })} · ${t("translate_field_" + field.split(".")[0])}</span>
            <textarea name="text" lang=${lang} dir="auto" rows="6" .value=${current} @input=${preview}></textarea></label>
          ${tr?.reviewed_by && !draft ? html`<p><span class="badge">${t("translate_reviewed")}</span></p>` : nothing}
          ${tr?.outdated ? html`<p><span class="badge">${t("translate_state_outdated")}</span></p>` : nothing}
        </section>
      </div>
      <section class="translate-preview" aria-labelledby="translate-preview-title">
        <h2 id="translate-preview-title">${t("translate_preview")}</h2>
        <p id="translate-preview-text" lang=${lang} dir=${direction(lang)} .textContent=${current}></p>
        <span class="original-note">${t(user.role === "staff" ? "provenance_by_staff" : "provenance_by_mediator")}</span>
      </section>
      ${status}
      <div class="actions">
        <button class="button" type="submit" value="publish">${t("translate_publish")}</button>
        <button class="button button-secondary" type="submit" value="draft">${t("translate_save_draft")}</button>
        ${canReview ? html`<button class="button button-secondary" type="button" @click=${review}>${t("translate_review")}</button>` : nothing}
      </div>
    </form>`
}

export async function view({ params, query, navigate }) {
  useStyles()
  const user = store.currentUser()
  if (!user || (user.role !== "mediator" && user.role !== "staff")) return html`${heading(t("nav_translate"))}<p>${t("translate_only_mediators")}</p>`
  if (params.collection) return editor(params, user, navigate)
  const langs = await languages(user)
  if (!langs.length) return html`${heading(t("nav_translate"))}<p>${t("translate_no_languages")}</p>`
  const lang = langs.includes(query.get("lang") || "") ? query.get("lang") : langs.find((l) => l !== vocab.source_language) || langs[0]
  const items = await queue(lang, user.id)
  return html`${heading(t("nav_translate"), t("translate_lead"))}
    <form class="search" @submit=${(e) => e.preventDefault()}>
      <label class="field"><span>${t("translate_language")}</span>
        <select name="lang" @change=${(e) => navigate("/translate?lang=" + e.target.value, { replace: true })}>
          ${langs.map((l) => html`<option value=${l} ?selected=${l === lang}>${languageName(l)}</option>`)}
        </select></label>
    </form>
    ${queueView(items, lang)}`
}
