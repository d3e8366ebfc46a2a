// The local mutators: what each outbox mutation does to the phone's copy of
// the data. The same function runs when the person acts (the write shows at
// once) and at every read afterwards, on top of the server's state as last
// pulled (the rebase), until the server's own version of the change has
// been pulled. So a pull never makes a pending change flicker away.
//
// They guess what the server will decide (a seat, a membership's status);
// the server decides (internal/registration, internal/groups) and the next
// pull brings its decision. Names and arguments are those of
// POST /api/hub/mutations (docs/SYNC.md).

/**
 * The view a mutator reads and changes: the server's records with the
 * earlier pending mutations applied.
 * @typedef {{
 *   user: string,
 *   get(collection: string, id: string): Promise<Record<string, any> | undefined>,
 *   put(collection: string, record: Record<string, any>): void,
 *   del(collection: string, id: string): void,
 * }} LocalView
 */

/**
 * @typedef {{ apply(view: LocalView, args: any): Promise<void> }} Mutator
 */

/** A seat guess: going if the places left on this phone are enough. */
function guessSeat(activity, people) {
  if (!activity?.capacity) return "going"
  return (activity.capacity - (activity.seats_taken || 0)) >= people ? "going" : "waitlisted"
}

/** A family's move of its request from a state ("": any open one) to another. */
function appointmentMove(from, to) {
  return {
    async apply(view, { appointment }) {
      const r = await view.get("appointment_requests", appointment)
      if (r && (from ? r.status === from : !["done", "withdrawn"].includes(r.status))) view.put("appointment_requests", { ...r, status: to })
    },
  }
}

/** @type {Record<string, Mutator>} */
export const mutators = {
  register: {
    async apply(view, { registration, activity, adults, children }) {
      const a = await view.get("activities", activity)
      view.put("registrations", {
        id: registration, activity, user: view.user, adults, children,
        status: guessSeat(a, adults + children),
      })
    },
  },
  change_registration: {
    // Come with these people (again, after a cancellation): the seats are decided anew.
    async apply(view, { registration, adults, children }) {
      const r = await view.get("registrations", registration)
      if (!r) return
      const a = await view.get("activities", r.activity)
      const status = r.status === "going" && adults + children <= r.adults + r.children ? "going" : guessSeat(a, adults + children)
      view.put("registrations", { ...r, adults, children, status })
    },
  },
  cancel_registration: {
    async apply(view, { registration }) {
      const r = await view.get("registrations", registration)
      if (r) view.put("registrations", { ...r, status: "cancelled" })
    },
  },
  confirm_offer: {
    // The seats offered are the family's (the server refuses it if the offer expired).
    async apply(view, { registration }) {
      const r = await view.get("registrations", registration)
      if (r?.status === "offered") view.put("registrations", { ...r, status: "going", waiting: 0, offer_until: "" })
    },
  },
  decline_offer: {
    // Seats already held are kept; a family that held none leaves the waiting list.
    async apply(view, { registration }) {
      const r = await view.get("registrations", registration)
      if (r?.status !== "offered") return
      const seated = r.adults + r.children - (r.waiting || 0)
      view.put("registrations", seated > 0 ? { ...r, status: "going", waiting: 0, offer_until: "" } : { ...r, status: "cancelled", waiting: 0, offer_until: "" })
    },
  },
  register_cycle: {
    // One registration per date, each guessed on its own places left.
    async apply(view, { dates, adults, children }) {
      for (const { activity, registration } of dates) {
        const a = await view.get("activities", activity)
        view.put("registrations", { id: registration, activity, user: view.user, adults, children, status: guessSeat(a, adults + children) })
      }
    },
  },
  // Appointment requests (internal/appointments): the family's moves, and
  // staff's from the queue (propose a date and place, mark done).
  request_appointment: {
    async apply(view, { appointment, ...fields }) {
      view.put("appointment_requests", { ...fields, id: appointment, user: view.user, status: "new", created: new Date().toISOString() })
    },
  },
  confirm_appointment: appointmentMove("proposed", "confirmed"),
  ask_another_date: appointmentMove("proposed", "another_asked"),
  withdraw_appointment: appointmentMove("", "withdrawn"),
  delete_appointment: {
    async apply(view, { appointment }) {
      view.del("appointment_requests", appointment)
    },
  },
  propose_appointment: {
    async apply(view, { appointment, at, place, note }) {
      const r = await view.get("appointment_requests", appointment)
      if (r && !["done", "withdrawn"].includes(r.status)) {
        view.put("appointment_requests", { ...r, status: "proposed", proposed_at: at, proposed_place: place, staff_reply: note || "" })
      }
    },
  },
  close_appointment: appointmentMove("", "done"),
  join_group: {
    async apply(view, { membership, group }) {
      const g = await view.get("groups", group)
      view.put("memberships", { id: membership, group, user: view.user, status: g?.join_policy === "open" ? "active" : "pending" })
    },
  },
  leave_group: {
    async apply(view, { membership }) {
      view.del("memberships", membership)
    },
  },
  mark_attendance: {
    // Staff at the door: the check-in's id is the registration's (one per family, whichever tablet).
    async apply(view, { registration, present, adults, children, at }) {
      const r = await view.get("registrations", registration)
      if (!r) return
      view.put("attendance", {
        id: registration, registration, activity: r.activity, present, marked_at: at,
        adults: present ? adults ?? r.adults : 0, children: present ? children ?? r.children : 0,
      })
    },
  },
  update_profile: {
    async apply(view, changes) {
      const me = await view.get("users", view.user)
      if (me) view.put("users", { ...me, ...changes })
    },
  },
  update_place_hours: {
    // Staff keep a place's hours current (the hours editor); the server
    // validates them as internal/hours does.
    async apply(view, { place, ...fields }) {
      const p = await view.get("places", place)
      if (p) view.put("places", { ...p, ...fields })
    },
  },
  // The services directory (staff): add, edit, retire (hidden from families, kept).
  create_service: {
    async apply(view, { service, ...fields }) {
      view.put("services", { id: service, retired: false, ...fields })
    },
  },
  update_service: {
    async apply(view, { service, ...fields }) {
      const s = await view.get("services", service)
      if (s) view.put("services", { ...s, ...fields })
    },
  },
  retire_service: {
    async apply(view, { service, retired }) {
      const s = await view.get("services", service)
      if (s) view.put("services", { ...s, retired })
    },
  },
  save_translation: {
    // Published: the text in the record (its provenance comes with the pull); a draft: the author's draft.
    async apply(view, { collection, record, field, language, text, mode }) {
      const value = String(text || "").trim()
      if (mode === "publish") {
        const r = await view.get(collection, record)
        if (!r) return
        const copy = structuredClone(r)
        let node = copy
        for (const part of field.split(".")) node = node && typeof node === "object" ? (node[part] ??= {}) : undefined
        if (node && typeof node === "object") node[language] = value
        view.put(collection, copy)
        return
      }
      const id = "draft" + [collection, record, field, language].join("/")
      if (value) view.put("translation_drafts", { id, target_collection: collection, target_id: record, field, language, text: value, author: view.user })
    },
  },
  // Marked reviewed: the mark comes with the pull (the server keeps the provenance).
  review_translation: { async apply() {} },
  update_centre_contacts: {
    async apply(view, { centre, ...contacts }) {
      const c = await view.get("centre", centre)
      if (c) view.put("centre", { ...c, ...contacts })
    },
  },
  // Staff's announcements (the server sets status, author and published_at).
  post_announcement: {
    async apply(view, { announcement, group, title, body, urgent }) {
      view.put("announcements", { id: announcement, group: group || "", title, body, urgent: !!urgent, status: "published", author: view.user, published_at: new Date().toISOString() })
    },
  },
  withdraw_announcement: {
    async apply(view, { announcement }) {
      const a = await view.get("announcements", announcement)
      if (a) view.put("announcements", { ...a, status: "withdrawn" })
    },
  },
  // Staff run the groups: create, change, decide requests to join, remove a member.
  create_group: {
    async apply(view, { group, ...fields }) {
      view.put("groups", { id: group, ...fields })
    },
  },
  update_group: {
    async apply(view, { group, ...fields }) {
      const g = await view.get("groups", group)
      if (g) view.put("groups", { ...g, ...fields })
    },
  },
  decide_membership: {
    async apply(view, { membership, approve }) {
      const m = await view.get("memberships", membership)
      if (!m || m.status !== "pending") return
      if (approve) view.put("memberships", { ...m, status: "active" })
      else view.del("memberships", membership)
    },
  },
  remove_member: {
    async apply(view, { membership }) {
      view.del("memberships", membership)
    },
  },
  set_language: {
    async apply(view, { language }) {
      const me = await view.get("users", view.user)
      if (me) view.put("users", { ...me, languages: [language, ...(me.languages || []).filter((l) => l !== language)] })
    },
  },
  // Proposals (internal/mutations/proposals.go). The server decides the
  // rest (a cycle's other dates, a published activity's change waiting as
  // a revision); the next pull brings it.
  propose_activity: {
    async apply(view, a) {
      const texts = (v) => (v ? { [a.language]: v } : {})
      const series = a.dates.length > 1 ? "proposal-" + a.dates[0].activity : ""
      for (const d of a.dates) {
        view.put("activities", {
          id: d.activity, starts_at: d.starts_at, ends_at: d.ends_at, series, proposer: view.user, organization: a.organization || "",
          status: a.submit ? "pending" : "draft", original_language: a.language, title: texts(a.title), summary: texts(a.summary),
          body: texts(a.body), location_note: texts(a.address), kind: a.kind, place: a.place || "", group: a.group || "",
          age_bands: a.age_bands || [], capacity: a.capacity || 0, registration_required: !!a.registration_required, seats_taken: 0,
        })
      }
    },
  },
  update_proposal: {
    async apply(view, { activity, language, starts_at, ends_at, address, ...fields }) {
      const a = await view.get("activities", activity)
      if (!a) return
      const lang = language || a.original_language || "it"
      const changed = { ...fields }
      for (const [f, v] of Object.entries({ title: fields.title, summary: fields.summary, body: fields.body, location_note: address })) {
        if (v !== undefined) changed[f] = { ...(a[f] || {}), [lang]: v }
      }
      if (starts_at) changed.starts_at = starts_at
      if (ends_at) changed.ends_at = ends_at
      if (a.status === "approved") {
        // The published version stays; the change waits beside it.
        const rev = (await view.get("activity_revisions", "local" + activity)) || {}
        view.put("activity_revisions", { id: "local" + activity, activity, status: "pending", reason: "", fields: { ...(rev.fields || {}), ...changed } })
      } else {
        view.put("activities", { ...a, ...changed })
      }
    },
  },
  submit_proposal: {
    async apply(view, { activity }) {
      const a = await view.get("activities", activity)
      if (a) view.put("activities", { ...a, status: "pending" })
    },
  },
  withdraw_proposal: {
    async apply(view, { activity }) {
      const a = await view.get("activities", activity)
      if (a) view.put("activities", { ...a, status: a.status === "approved" ? "cancelled" : "draft" })
    },
  },
  set_proposal_photo: {
    async apply(view, { activity }) {
      const a = await view.get("activities", activity)
      if (a) view.put("activities", { ...a })
    },
  },
  // The moderation queue (internal/moderation, Decide): the hub decides a
  // cycle's other dates with the one named and refuses a decision someone
  // took first; the next pull brings what it decided.
  decide_activity: {
    async apply(view, { activity, action, reason_template, reason_text, edits }) {
      const a = await view.get("activities", activity)
      const status = { approve: "approved", reject: "rejected", request_changes: "changes_requested" }[action]
      if (a && status) view.put("activities", { ...a, ...(edits || {}), status, moderation_template: reason_template || "", moderation_reason: reason_text || "" })
    },
  },
  decide_revision: {
    async apply(view, { revision, action, reason_template, reason_text, edits }) {
      const r = await view.get("activity_revisions", revision)
      if (!r) return
      if (action !== "approve") {
        const status = action === "request_changes" ? "changes_requested" : "rejected"
        view.put("activity_revisions", { ...r, status, reason_template: reason_template || "", reason: reason_text || "" })
        return
      }
      const a = await view.get("activities", r.activity)
      if (a) view.put("activities", { ...a, ...(r.fields || {}), ...(edits || {}) })
      view.del("activity_revisions", revision)
    },
  },
  // Reports (internal/reports): the person's own report shows at once
  // ("you reported it"); staff's answer takes the activity's reports off
  // the queue until the pull brings the reports decided.
  report_activity: {
    async apply(view, { report, activity, reason, text }) {
      view.put("reports", { id: report, activity, reporter: view.user, reason, text: text || "", status: "open", created: new Date().toISOString() })
    },
  },
  dismiss_reports: {
    async apply(view, { activity }) {
      const a = await view.get("activities", activity)
      if (a) view.put("activities", { ...a, hidden: false, _reports_decided: true })
    },
  },
  act_on_reports: {
    async apply(view, { activity, outcome, reason }) {
      const a = await view.get("activities", activity)
      const status = { cancel: "cancelled", reject: "rejected" }[outcome]
      if (a && status) view.put("activities", { ...a, hidden: false, status, moderation_reason: reason, _reports_decided: true })
    },
  },
  read_notifications: {
    // Opened in the inbox (or from the notification): read from now on.
    async apply(view, { ids }) {
      for (const id of ids || []) {
        const n = await view.get("notifications", id)
        if (n && !n.read_at) view.put("notifications", { ...n, read_at: new Date().toISOString() })
      }
    },
  },
  set_notify_prefs: {
    // What the person receives (internal/notify); every device of theirs follows.
    async apply(view, prefs) {
      const me = await view.get("users", view.user)
      if (me) view.put("users", { ...me, notify_prefs: prefs })
    },
  },
}

/** A record id as PocketBase makes them (15 characters, a-z0-9), made on the phone. */
export function newRecordId() {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  const bytes = crypto.getRandomValues(new Uint8Array(15))
  return Array.from(bytes, (b) => alphabet[b % 36]).join("")
}

/** A mutation id (a UUID v4); crypto.randomUUID exists only on HTTPS and localhost. */
export function newMutationId() {
  if (crypto.randomUUID) return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
