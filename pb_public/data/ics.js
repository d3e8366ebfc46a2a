// An activity as an iCalendar file (RFC 5545), made on the phone so "add to
// my calendar" works offline too.

/** Escapes a TEXT value. */
function escape(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n")
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
 * @param {{title: string, description: string, location: string, url: string}} text
 */
export function activityICS(activity, text) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Hug Centro per le Famiglie//Cremona//IT",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${activity.id}@hug`,
    `DTSTAMP:${utc(activity.updated || Date.now())}`,
    `DTSTART:${utc(activity.starts_at)}`,
    `DTEND:${utc(activity.ends_at)}`,
    `SUMMARY:${escape(text.title)}`,
    `DESCRIPTION:${escape(text.description)}`,
    `LOCATION:${escape(text.location)}`,
    `URL:${text.url}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
  return lines.map(fold).join("\r\n") + "\r\n"
}
