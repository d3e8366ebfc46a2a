/// <reference path="../pb_data/types.d.ts" />

// The centre's limit of proposals, editable without a Go toolchain.
//
// A family or an association may make at most `perDay` proposals in any 24
// hours: it keeps spam out of the staff's queue. A cycle (several dates made
// at once, sharing a series) counts as one proposal; staff are not limited.
// It runs on every save of a new activity, whatever the path (the records
// API, the phone's propose_activity mutation, the seed), so no path goes
// around it (TestProposalsPerDayAreLimited). Change `perDay` to change the
// limit; the refusal says the number in the proposer's language.
onRecordCreate((e) => {
  const perDay = 5

  const proposer = e.record.getString("proposer")
  if (proposer === "") {
    e.next()
    return
  }
  let role = ""
  try {
    role = e.app.findRecordById("users", proposer).getString("role")
  } catch (_) {}
  if (role === "staff") {
    e.next()
    return
  }

  const since = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().replace("T", " ")
  const series = e.record.getString("series")
  const row = new DynamicModel({ n: 0, same: 0 })
  e.app.db()
    .newQuery(
      "SELECT COUNT(DISTINCT CASE WHEN series != '' THEN series ELSE id END) AS n," +
      " COALESCE(SUM(CASE WHEN series != '' AND series = {:series} THEN 1 ELSE 0 END), 0) AS same" +
      " FROM activities WHERE proposer = {:proposer} AND created >= {:since}")
    .bind({ proposer: proposer, since: since, series: series })
    .one(row)
  // Another date of a cycle already counted is not a new proposal.
  if (row.same === 0 && row.n >= perDay) {
    throw new BadRequestError("Too many proposals today.", {
      request: new ValidationError("proposal_daily_limit", "You can make at most " + perDay + " proposals a day: try again tomorrow."),
    })
  }

  e.next()
}, "activities")
