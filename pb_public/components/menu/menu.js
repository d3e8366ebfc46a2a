// More: groups, about, account, language, installing the app.

import { html, nothing } from "/vendor/lit-html/lit-html.js"
import { t, lang, languageName } from "../../i18n.js"
import * as store from "../../data/store.js"
import { heading } from "../ui/ui.js"
import { icon } from "../ui/icons.js"
import { installCard } from "../install/card.js"

export const title = "nav_menu"

export async function view() {
  const user = store.currentUser()
  return html`${heading(t("menu_title"))}
    <nav class="link-list" aria-label=${t("menu_title")}>
      <a href="/groups">${icon("group")}<span>${t("nav_groups")}</span>${icon("forward")}</a>
      <a href="/about">${icon("info")}<span>${t("nav_about")}</span>${icon("forward")}</a>
      <a href=${user ? "/me" : "/signin"}>${icon("user")}<span>${user ? t("me_title") : t("signin_title")}</span>${icon("forward")}</a>
      ${user?.role === "staff" ? html`<a href="/staff">${icon("info")}<span>${t("nav_staff_desk")}</span>${icon("forward")}</a>` : nothing}
      ${user?.role === "mediator" ? html`<a href="/translate">${icon("language")}<span>${t("nav_translate")}</span>${icon("forward")}</a>` : nothing}
      <a href="/me/notifications">${icon("bell")}<span>${t("notify_title")}</span>${icon("forward")}</a>
      <a href="/language">${icon("language")}<span>${t("language_choose")}: ${languageName(lang())}</span>${icon("forward")}</a>
    </nav>
    ${installCard()}`
}
