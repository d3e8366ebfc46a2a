// The notices that several hooks of notify.pb.js send (required inside the
// handlers: jsvm shares no top-level variables with them).

// A new activity in a group: its members and followers. A cycle's dates,
// approved together, make one notice.
function newActivity(a) {
  return {
    key: "new_activity:" + (a.getString("series") || a.id),
    kind: "new_activity",
    group: a.getString("group"),
    title: { id: "notify_new_activity_title" },
    body: { id: "notify_new_activity_body", params: { Title: a.get("title"), When: { at: a.getString("starts_at") } } },
    url: "/activity/" + a.id,
  }
}

// A published announcement: its group, or everyone; urgent ones go
// through quiet hours.
function announcement(a) {
  const group = a.getString("group")
  return {
    key: "announcement:" + a.id,
    kind: "announcement",
    group: group,
    everyone: group === "",
    title: { text: a.get("title") },
    body: { text: a.get("body") },
    url: group ? "/groups/" + group : "/",
    urgent: a.getBool("urgent"),
    announcement: a.id,
  }
}

module.exports = { newActivity, announcement }
