// Errors from the server arrive localized with stable codes; show the field
// messages, else the general one, else a network message.

import { t } from "../../i18n.js"

/** @param {any} err a ClientResponseError of the PocketBase SDK */
export function errorMessage(err) {
  const response = err?.response || {}
  // Each reason once: a unique index marks every column with the same words.
  const fields = [...new Set(Object.values(response.data || {}).map((f) => f?.message).filter(Boolean))]
  if (fields.length) return fields.join(" ")
  if (response.message) return response.message
  return t(navigator.onLine ? "error_status_500" : "register_needs_connection")
}
