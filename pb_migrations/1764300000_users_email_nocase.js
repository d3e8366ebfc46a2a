/// <reference path="../pb_data/types.d.ts" />

// E-mail addresses are one account whatever their case (docs/SECURITY.md,
// M3): the users' unique e-mail index compares with COLLATE NOCASE, so
// "STAFF@hug.test" cannot sign up beside "staff@hug.test", and PocketBase's
// FindAuthRecordByEmail (sign-in, codes, password reset, verification,
// e-mail change) finds an account whatever case is typed: it switches to a
// case-insensitive lookup when that index says NOCASE.
//
// Existing accounts whose addresses differ only by case cannot be merged by
// a machine (one of them may be an impostor's), so the migration stops and
// lists them; the operator decides (delete or rename one in the admin UI,
// `./hug serve` again). Checked by internal/accounts'
// TestEmailClashesStopTheMigration.
const EMAIL_COLUMN = /\(\s*`?email`?\s*\)/i

migrate((app) => {
  const clashes = arrayOf(new DynamicModel({ address: "", accounts: "" }))
  app.db().newQuery(
    "SELECT lower(email) AS address, group_concat(email || ' (id ' || id || ')', ', ') AS accounts" +
    " FROM users WHERE email != '' GROUP BY email COLLATE NOCASE HAVING count(*) > 1 ORDER BY address"
  ).all(clashes)
  if (clashes.length > 0) {
    const lines = clashes.map((c) => "  " + c.address + ": " + c.accounts)
    throw new Error("users: these accounts have the same e-mail address in different case:\n" +
      lines.join("\n") + "\nKeep one account per address (delete or change the others in the admin UI), then start the hub again.")
  }

  const users = app.findCollectionByNameOrId("users")
  users.indexes = users.indexes.map((index) =>
    /unique/i.test(index) && EMAIL_COLUMN.test(index) ? index.replace(EMAIL_COLUMN, "(`email` COLLATE NOCASE)") : index)
  app.save(users)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.indexes = users.indexes.map((index) => index.replace(/\(\s*`?email`?\s+COLLATE\s+NOCASE\s*\)/i, "(`email`)"))
  app.save(users)
})
