// The order of the services in the mediators' queue: the most read in the
// last 30 days first (GET /api/hub/reads/top), then by name.

/**
 * @template T
 * @param {T[]} records
 * @param {Record<string, number>} reads {id: count}
 * @param {(r: T) => string} name
 * @param {(a: string, b: string) => number} compare the names' collation
 * @returns {T[]} records, sorted in place
 */
export function byReadsThenName(records, reads, name, compare) {
  const count = (r) => reads[/** @type {any} */ (r).id] || 0
  return records.sort((a, b) => count(b) - count(a) || compare(name(a), name(b)))
}
