/// <reference path="../pb_data/types.d.ts" />

// The centre's moderation policy, editable without a Go toolchain.
//
// When staff reject an activity or ask for changes, they must say why: the
// proposer reads the reason in the app. The reason must be written in the
// request that takes the decision: the one an earlier decision left on the
// activity does not count (TestRejectionNeedsItsOwnReason). Edit
// `needsReason` to change which decisions require one. (The decision and its
// reason are audited by the Go side, internal/moderation.)
onRecordUpdateRequest((e) => {
  const needsReason = ["rejected", "changes_requested"]

  const from = e.record.original().getString("status")
  const to = e.record.getString("status")
  const sent = e.requestInfo().body["moderation_reason"]
  const reason = typeof sent === "string" ? sent.trim() : ""

  if (to !== from && needsReason.includes(to) && reason === "") {
    throw new BadRequestError("A reason is required.", {
      moderation_reason: new ValidationError("moderation_reason_required", "Write the reason: the proposer will read it."),
    })
  }

  e.next()
}, "activities")
