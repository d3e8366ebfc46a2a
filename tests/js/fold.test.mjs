// The PWA's fold() folds as the server's reading.Fold: both read
// tests/fixtures/fold.json.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { fold } from "../../pb_public/fold.js"

const { cases } = JSON.parse(readFileSync(new URL("../fixtures/fold.json", import.meta.url), "utf8"))

test("fold follows the shared cases", () => {
  for (const c of cases) assert.equal(fold(c.in), c.out, c.in)
})
