// Dates and photos for the proposal form: a day and a time in the centre's
// time zone (Europe/Rome, from vocab) to and from the UTC the hub stores,
// and a photo shrunk on the phone before it is sent.

import { vocab } from "../../vocab.js"

/** Wall-clock parts of a moment in the centre's time zone. */
function wall(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: vocab.time_zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return parts
}

/** "2026-03-05" + "18:00" in Rome -> "2026-03-05 17:00:00.000Z" (PocketBase's format). */
export function romeToUTC(day, time) {
  if (!day || !time) return ""
  const [y, m, d] = day.split("-").map(Number)
  const [h, mi] = time.split(":").map(Number)
  const guess = Date.UTC(y, m - 1, d, h, mi)
  const w = wall(guess)
  const shown = Date.UTC(Number(w.year), Number(w.month) - 1, Number(w.day), Number(w.hour), Number(w.minute))
  return new Date(guess - (shown - guess)).toISOString().replace("T", " ")
}

/** A stored moment as the day and time people in Rome read. */
export function romeParts(value) {
  if (!value) return { day: "", time: "" }
  const w = wall(Date.parse(String(value).replace(" ", "T")))
  return { day: `${w.year}-${w.month}-${w.day}`, time: `${w.hour}:${w.minute}` }
}

/** The longest side of a photo sent from the phone. */
export const MAX_SIDE = 1600

/**
 * A photo at most MAX_SIDE px on its longest side, re-drawn on a canvas as
 * JPEG (which drops its metadata on the phone already; the hub re-encodes
 * it anyway), as base64 for the set_proposal_photo mutation.
 * @param {File} file
 */
export async function shrinkPhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" })
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = Object.assign(document.createElement("canvas"), {
    width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale),
  })
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85))
  const url = await new Promise((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.readAsDataURL(blob)
  })
  return url.slice(url.indexOf(",") + 1)
}
