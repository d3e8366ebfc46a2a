// Reads: how often a service or activity is opened, counted by the hub per
// record and per day, with no person (internal/reads). Online only: an open
// while offline is simply not counted, and nothing here ever waits for the
// network before a screen renders.

import { headers } from "./store.js"

/** What this page load already counted ("services/id"): one count per open of the app. */
const counted = new Set()

/**
 * Tells the hub a record was opened: fire and forget (keepalive, so leaving
 * the page does not cancel it), the caller's token attached so a record only
 * its reader may see (a retired service for staff) counts too.
 * @param {"services" | "activities"} collection @param {string} id
 */
export function countRead(collection, id) {
  const key = collection + "/" + id
  if (!navigator.onLine || counted.has(key)) return
  counted.add(key)
  fetch("/api/hub/reads", {
    method: "POST", keepalive: true,
    headers: { ...headers(), "Content-Type": "application/json" },
    body: JSON.stringify({ collection, id }),
  }).catch(() => {})
}

/** The last answers of GET /api/hub/reads/top, kept for this page load. */
const top = new Map()

/**
 * How often each record of a collection was read in the last 30 days
 * ({id: count}), for mediators and staff; the last answer when offline or
 * refused, else {}.
 * @param {"services" | "activities" | "announcements"} collection
 * @returns {Promise<Record<string, number>>}
 */
export async function topReads(collection) {
  if (navigator.onLine) {
    try {
      const res = await fetch("/api/hub/reads/top?collection=" + collection, { headers: headers() })
      if (res.ok) top.set(collection, await res.json())
    } catch {
      // offline after all: the last answer below
    }
  }
  return top.get(collection) || {}
}
