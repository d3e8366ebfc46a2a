/// <reference path="../pb_data/types.d.ts" />

// The centre's moderation policy, editable without a Go toolchain.
//
// When staff reject an activity or ask for changes, they must say why: the
// proposer reads the reason in the app. Edit `needsReason` to change which
// decisions require one. (The decision itself is audited by the Go side.)
onRecordUpdateRequest((e) => {
  const needsReason = ["rejected", "changes_requested"]

  const from = e.record.original().getString("status")
  const to = e.record.getString("status")
  const reason = e.record.getString("moderation_reason").trim()

  if (to !== from && needsReason.includes(to) && reason === "") {
    throw new BadRequestError("A reason is required.", {
      moderation_reason: new ValidationError("moderation_reason_required", "Write the reason: the proposer will read it."),
    })
  }

  e.next()
}, "activities")
