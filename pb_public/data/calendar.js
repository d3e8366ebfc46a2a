// The family's private calendar feed (internal/calendar): its path, made on
// the hub at the first ask, and a reset that makes the old one stop working.
// Online only: the secret is not kept on the phone.

import { headers } from "./store.js"

/** @param {string} method @param {string} path @returns {Promise<string>} the feed's path */
async function call(method, path) {
  const res = await fetch(path, { method, headers: headers() })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) throw Object.assign(new Error(body.message || String(res.status)), { status: res.status, response: body })
  return body.path
}

export function myCalendarPath() {
  return call("GET", "/api/hub/calendar/me")
}

export function resetMyCalendar() {
  return call("POST", "/api/hub/calendar/me/token")
}
