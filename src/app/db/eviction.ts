/**
 * The cache's eviction policy, kept free of IndexedDB so it is unit-tested
 * in Node: least recently used first, entries of the list on screen last.
 */

/** Bookkeeping of one cached record: its approximate size and when it was last used. */
export interface UsageRow {
  key: string;
  /** Approximate size in bytes (length of the record's JSON). */
  size: number;
  /** Last store or cache hit, in ms since the epoch. */
  lastUsed: number;
}

/**
 * The entries to delete so that `total` bytes fall to `budget` or below. Entries are taken least
 * recently used first, skipping those whose key is in `keep` (the list on screen); when the others
 * do not free enough, kept entries go too, again least recently used first, so the budget always
 * holds. Returns them in deletion order, none when `total <= budget`.
 * @param rows every entry, in ascending `lastUsed` order (the order of the `lastUsed` index)
 * @param total bytes currently stored (sum of `rows` sizes)
 * @param budget bytes allowed
 * @param keep keys to evict only as a last resort
 */
export function planEviction(rows: readonly UsageRow[], total: number, budget: number, keep: ReadonlySet<string>): UsageRow[] {
  const out: UsageRow[] = [];
  const kept: UsageRow[] = [];
  for (const row of rows) {
    if (total <= budget) return out;
    if (keep.has(row.key)) {
      kept.push(row);
      continue;
    }
    out.push(row);
    total -= row.size;
  }
  for (const row of kept) {
    if (total <= budget) break;
    out.push(row);
    total -= row.size;
  }
  return out;
}
