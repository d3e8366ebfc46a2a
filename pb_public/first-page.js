// The hub's first page: the centre's name, contacts and the access points
// with today's hours, straight from the API. Every text comes from locales/
// through /api/hub/i18n; user content is set as text, never as HTML.

const lang = new URLSearchParams(location.search).get("lang") || navigator.language || "it"

async function getJSON(url) {
  const res = await fetch(url)
  if (!res.ok) throw new Error(url + ": " + res.status)
  return res.json()
}

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  return node
}

function pick(multi, language) {
  if (!multi) return ""
  return multi[language] || multi.it || ""
}

// Today's date and weekday (Monday = 1) in Europe/Rome, whatever the phone's zone.
function romeToday() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" })
    .formatToParts(new Date())
  const get = (type) => parts.find((p) => p.type === type).value
  const weekdays = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }
  return { date: `${get("year")}-${get("month")}-${get("day")}`, day: weekdays[get("weekday")] }
}

function todayLine(place, t, language) {
  const today = romeToday()
  const exception = (place.exceptions || []).find((e) => e.date === today.date)
  if (exception && exception.closed) return t.today_closed_holiday.replace("{{.holiday}}", pick(exception.note, language))
  const slots = exception ? exception.slots : (place.hours || []).filter((s) => s.day === today.day)
  if (slots && slots.length) return `${t.today_hours}: ${slots.map((s) => `${s.opens}-${s.closes}`).join(", ")}`
  if (place.by_appointment) return t.by_appointment
  if (!(place.hours || []).length) return t.hours_to_be_completed
  return t.today_closed
}

async function main() {
  const root = document.getElementById("app")
  const bundle = await getJSON(`/api/hub/i18n/${encodeURIComponent(lang)}`)
  const t = bundle.messages
  document.documentElement.lang = bundle.lang
  document.documentElement.dir = bundle.dir
  root.replaceChildren(el("p", t.loading))
  try {
    const [centres, places] = await Promise.all([
      getJSON("/api/collections/centre/records"),
      getJSON("/api/collections/places/records?sort=sort"),
    ])
    const centre = centres.items[0] || {}
    root.replaceChildren(
      el("h1", t.app_name),
      el("p", pick(centre.tagline, bundle.lang), { dir: "auto" }),
      el("h2", t.contacts_title),
      el("a", `${t.contacts_phone}: ${centre.phone}`, { href: `tel:${(centre.phone || "").replace(/\s/g, "")}` }),
      el("br"),
      el("a", `${t.contacts_email}: ${centre.email}`, { href: `mailto:${centre.email}` }),
      el("h2", t.places_title),
      placesList(places.items, t, bundle.lang),
    )
  } catch (err) {
    root.replaceChildren(el("p", t.load_failed, { role: "alert" }))
  }
}

function placesList(places, t, language) {
  const list = el("ul")
  for (const place of places) {
    const item = el("li", undefined, { class: "place" })
    item.append(el("h3", place.name, { dir: "auto" }))
    if (place.address) item.append(el("p", [place.address, place.municipality].filter(Boolean).join(", "), { dir: "auto" }))
    item.append(el("p", todayLine(place, t, language), { class: "today" }))
    list.append(item)
  }
  return list
}

main()
