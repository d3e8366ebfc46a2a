/// <reference path="../pb_data/types.d.ts" />

// The centre's moderation policy, editable without a Go toolchain.
//
// When staff reject an activity or ask for changes, they must say why: the
// proposer reads the reason in the app, a template from the list (which
// they read in their own language) or free text or both. The reason must
// be the one given with that decision: the one an earlier decision left on
// the activity does not count (TestRejectionNeedsItsOwnReason). Edit the
// list below to change which decisions require one: the records API (this
// hook) and the staff's moderation queue (moderation.Decide, through the
// sync mutations, which reads the same list from the app's store:
// TestABadDecisionIsRefusedAndWritesNothing) both follow it. (The decision and
// its reason are audited by the Go side, internal/moderation.)
$app.store().set("hubModerationNeedsReason", ["rejected", "changes_requested"])

onRecordUpdateRequest((e) => {
  const needsReason = $app.store().get("hubModerationNeedsReason") || []

  const from = e.record.original().getString("status")
  const to = e.record.getString("status")
  const body = e.requestInfo().body
  const sent = (name) => (typeof body[name] === "string" ? body[name].trim() : "")
  const reason = sent("moderation_reason") + sent("moderation_template")

  let needed = false
  for (let i = 0; i < needsReason.length; i++) needed = needed || needsReason[i] === to
  if (to !== from && needed && reason === "") {
    throw new BadRequestError("A reason is required.", {
      moderation_reason: new ValidationError("moderation_reason_required", "Write the reason: the proposer will read it."),
    })
  }

  e.next()
}, "activities")
