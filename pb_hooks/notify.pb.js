/// <reference path="../pb_data/types.d.ts" />

// The centre's notification policies, editable without a Go toolchain:
// which events notify whom, with which words. The mechanism is Go
// (internal/notify): `$hub.notify(e.app, notice)` writes an inbox row for
// each signed-in recipient and queues a push for each of their phones (and
// for guests following the group), in the subscriber's language, after
// their preferences and quiet hours; all in the write's own transaction
// (the hub opens it before these hooks run), so a write and its
// notifications land together. Always pass `e.app`, after `e.next()`.
//
// A notice:
//   key        names the event: a key already sent is never sent again
//   kind       one of hugVocab.notify_kinds
//   users      account ids; or group: its active members and followers;
//              or everyone: true
//   title, body  {id: "<message in locales/>", params: {...}} or
//              {text: <a multilingual field>}; a param may be a
//              multilingual field (read in the reader's language) or
//              {at: "<date>"} (a date and time in the reader's language)
//   url        the screen a tap opens
//   urgent     goes through quiet hours; sensitive: a neutral lock screen
//   announcement  the announcement it belongs to; ttl: seconds to keep it
// Tests: internal/notify/policies_test.go.

// A newly approved activity: the members and followers of its group (a
// cycle's dates, approved together, make one notice). And a moderation
// decision on a proposal: its proposer.
onRecordCreate((e) => {
  e.next()
  const a = e.record
  if (a.getString("status") === "approved" && a.getString("group") !== "") {
    $hub.notify(e.app, require(`${__hooks}/notify/notices.js`).newActivity(a))
  }
}, "activities")

onRecordUpdate((e) => {
  const from = e.record.original().getString("status")
  e.next()
  const a = e.record
  const to = a.getString("status")
  if (to === from) return

  if (to === "approved" && from !== "cancelled" && a.getString("group") !== "") {
    $hub.notify(e.app, require(`${__hooks}/notify/notices.js`).newActivity(a))
  }

  const decisions = { approved: "approved", rejected: "rejected", changes_requested: "changes" }
  const proposer = a.getString("proposer")
  if (from === "pending" && decisions[to] && proposer !== "") {
    // A cycle's dates are decided one by one: one notice per cycle and
    // decision and day.
    const series = a.getString("series")
    const when = series ? series + ":" + new Date().toISOString().slice(0, 10) : a.id + ":" + a.getString("updated")
    $hub.notify(e.app, {
      key: "decision:" + when + ":" + to,
      kind: "decision",
      users: [proposer],
      title: { id: "notify_decision_" + decisions[to] + "_title" },
      body: { id: "notify_decision_" + decisions[to] + "_body", params: { Title: a.get("title") } },
      url: "/me/proposals",
    })
  }
}, "activities")

// A place on a waiting list: offered (with the time to confirm), or given
// at once when the date is too close for offers.
onRecordUpdate((e) => {
  const from = e.record.original().getString("status")
  e.next()
  const r = e.record
  const to = r.getString("status")
  if (to === from) return
  const offered = to === "offered"
  const given = to === "going" && from === "waitlisted"
  if (!offered && !given) return
  const activity = e.app.findRecordById("activities", r.getString("activity"))
  const params = { Title: activity.get("title"), When: { at: activity.getString("starts_at") } }
  if (offered) params.Until = { at: r.getString("offer_until") }
  $hub.notify(e.app, {
    key: (offered ? "offer:" : "given:") + r.id + ":" + (offered ? r.getString("offer_until") : activity.getString("starts_at")),
    kind: "offer",
    users: [r.getString("user")],
    title: { id: offered ? "notify_offer_title" : "notify_seat_given_title" },
    body: { id: offered ? "notify_offer_body" : "notify_seat_given_body", params: params },
    url: "/activity/" + activity.id,
    urgent: given, // the date is less than 2 hours away
  })
}, "registrations")

// A staff announcement: its group, or everyone, when it is published.
onRecordCreate((e) => {
  e.next()
  if (e.record.getString("status") === "published") {
    $hub.notify(e.app, require(`${__hooks}/notify/notices.js`).announcement(e.record))
  }
}, "announcements")

onRecordUpdate((e) => {
  const from = e.record.original().getString("status")
  e.next()
  if (from !== "published" && e.record.getString("status") === "published") {
    $hub.notify(e.app, require(`${__hooks}/notify/notices.js`).announcement(e.record))
  }
}, "announcements")

// Staff proposed a date for an appointment request: that family, with a
// neutral lock screen (appointments are sensitive).
onRecordUpdate((e) => {
  const before = e.record.original()
  e.next()
  const r = e.record
  if (r.getString("status") !== "proposed") return
  if (before.getString("status") === "proposed" && before.getString("proposed_at") === r.getString("proposed_at")) return
  $hub.notify(e.app, {
    key: "appointment:" + r.id + ":" + r.getString("proposed_at"),
    kind: "appointment",
    users: [r.getString("user")],
    title: { id: "notify_appointment_title" },
    body: { id: "notify_appointment_body", params: { When: { at: r.getString("proposed_at") } } },
    url: "/me",
  })
}, "appointment_requests")
