// The mediators' queue orders services by reads (last 30 days), then name.
import { test } from "node:test"
import assert from "node:assert/strict"
import { byReadsThenName } from "../../pb_public/components/translate/order.js"

test("services: most read first, then by name", () => {
  const services = [{ id: "a", n: "Consultorio" }, { id: "b", n: "Asilo" }, { id: "c", n: "Biblioteca" }, { id: "d", n: "Ascolto" }]
  const sorted = byReadsThenName(services, { c: 5, a: 5, d: 9 }, (s) => s.n, (x, y) => x.localeCompare(y, "it"))
  assert.deepEqual(sorted.map((s) => s.n), ["Ascolto", "Biblioteca", "Consultorio", "Asilo"])
})

test("no reads: by name", () => {
  const sorted = byReadsThenName([{ id: "a", n: "Zeta" }, { id: "b", n: "Alfa" }], {}, (s) => s.n, (x, y) => x.localeCompare(y, "it"))
  assert.deepEqual(sorted.map((s) => s.n), ["Alfa", "Zeta"])
})
