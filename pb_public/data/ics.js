// An activity as an iCalendar file (RFC 5545), made on the phone so "add to
// my calendar" works offline too.

/**
 * Escapes a TEXT value. Every line break (CRLF, a lone LF or a lone CR) is
 * written as "\n", and the other control characters RFC 5545 forbids in TEXT
 * are dropped: a title holding a raw CR would otherwise start a new content
 * line, and some calendar apps would read an injected ALARM or ATTACH.
 */
function escape(value) {
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(CONTROLS, "")
}

// Control characters, line breaks included, except the tab.
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f]/g

/** A URI value is not TEXT (no backslash escapes): it only loses controls. */
function uri(value) {
  return String(value).replace(CONTROLS, "")
}

/** Folds a content line at 75 octets, as the RFC asks. */
function fold(line) {
  const bytes = new TextEncoder().encode(line)
  if (bytes.length <= 75) return line
  const out = []
  let chunk = ""
  let size = 0
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length
    if (size + n > (out.length ? 74 : 75)) {
      out.push(chunk)
      chunk = ""
      size = 0
    }
    chunk += ch
    size += n
  }
  out.push(chunk)
  return out.join("\r\n ")
}

function utc(date) {
  return new Date(date).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")
}

/**
 * @param {{id: string, starts_at: string, ends_at: string, updated?: string}} activity
 * @param {{title: string, description: string, location: string, url: string, host?: string}} text
 *   host: the hub's host name, so the UID is the one the hub's calendar feeds
 *   give the same activity (internal/calendar: "{id}@{host}") and a calendar
 *   app that has both keeps one event
 */
export function activityICS(activity, text) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Hug Centro per le Famiglie//Cremona//IT",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${activity.id}@${uri(text.host || "hug")}`,
    `DTSTAMP:${utc(activity.updated || Date.now())}`,
    `DTSTART:${utc(activity.starts_at)}`,
    `DTEND:${utc(activity.ends_at)}`,
    `SUMMARY:${escape(text.title)}`,
    `DESCRIPTION:${escape(text.description)}`,
    `LOCATION:${escape(text.location)}`,
    `URL:${uri(text.url)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
  return lines.map(fold).join("\r\n") + "\r\n"
}
