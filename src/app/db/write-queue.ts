/**
 * The cache's write-behind queue: records, cache hits' `lastUsed` and deletions of damaged entries
 * wait until the cache has been quiet for QUIET_MS, then are written WRITE_PAGE at a time, each
 * batch in one transaction that also keeps the totals and evicts least recently used entries past
 * the size budget (eviction.ts). A record still queued is found by lookups (`queued`); what waits
 * for the records queued before it (the saved list's rows) runs once they are all written.
 */
import { textSize, type RecordText } from '../../workers/record-text';
import { planEviction, type UsageRow } from './eviction';
import type { CacheHandle } from './open';
import { readByKeys } from './records';
import { SIZED_STORES, TOTALS_KEY, problemOf, readTotals, type SizedTx, type StoredRecord, type Totals } from './schema';

const FLUSH_DELAY_MS = 50;
/**
 * Writes wait until the cache has been quiet (no lookup, no new record) this long, so a batch's
 * extraction or a cached folder's listing does not share the CPU with them:
 * - hits' `lastUsed`: writing 10,000 of them while a cached folder was listed made re-dropping it
 *   ≈0.6 s slower (median 3.6 s instead of 3.0 s), and eviction order only needs them eventually;
 * - records: IndexedDB's backend took ≈11 s of the browser's CPU for a first open of 10,000
 *   photos, on the 2 cores the extraction needed.
 * Queued records cost at most PENDING_CAP_CHARS of the workers' texts, a record still queued is
 * found by lookups, and a tab closed meanwhile loses only queued writes.
 */
export const QUIET_MS = 500;
/** Queued record text (characters) above which records are written even while the cache is busy. */
const PENDING_CAP_CHARS = 64 * 1024 * 1024;
/**
 * `usage` rows (a key and two numbers) are read by range even where the range holds this many
 * times more rows than wanted: one `getAll` of a few thousand small rows costs the main thread
 * less than fifty `get`s (each request ≈0.05–0.1 ms in Chromium).
 */
const USAGE_SPREAD = 50;
/**
 * Records, and cache hits, written per transaction. Each `put` costs the main thread ≈0.25 ms
 * (IDBObjectStore::putRequestSetup in a trace, on 2 busy cores): 200 at once made 45–70 ms tasks.
 */
export const WRITE_PAGE = 50;

/** What the queue needs from the store besides the database. */
export interface WriteQueueOptions {
  /** The size budget in bytes. */
  budget(): number;
  /** Keys of the list on screen: evicted last. */
  keep: ReadonlySet<string>;
  /** Tells the page's readers that the totals (or availability) changed. */
  changed(): void;
  /** Writes what waits for the queued records (the saved list's rows), once they are all written. */
  afterRecords(): Promise<void>;
}

/** The queue of one store: what waits to be written, the two timers, and the stored totals. */
export class WriteQueue {
  /** The stored totals, as of the last write. */
  totals: Totals = { bytes: 0, entries: 0 };
  /** Records waiting for the next flush, by key. */
  private pending = new Map<string, StoredRecord>();
  /** Keys of entries that did not parse: deleted by the next flush. */
  private broken = new Set<string>();
  /** Cache hits waiting for the next flush: key → time of the hit (ms since the epoch). */
  private touched = new Map<string, number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDue = 0;
  /** Set until the cache has been quiet for QUIET_MS: writes are held back until it fires. */
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  /** Characters of the records in `pending`. */
  private pendingChars = 0;

  constructor(
    private readonly cache: CacheHandle,
    private readonly options: WriteQueueOptions,
  ) {}

  /** Whether the cache is quiet and no record waits: what follows the records may be written now. */
  get idle(): boolean {
    return !this.quietTimer && this.pending.size === 0;
  }

  /** The record queued under `key`, not yet written. */
  queued(key: string): RecordText | undefined {
    return this.pending.get(key);
  }

  /** Queues a record's text under `key` (replacing one queued before), and marks the cache busy. */
  add(key: string, text: RecordText): void {
    const previous = this.pending.get(key);
    if (previous) this.pendingChars -= textSize(previous);
    const entry = { key, head: text.head, groups: text.groups, storedAt: Date.now() };
    this.pending.set(key, entry);
    this.pendingChars += textSize(entry);
    if (this.pendingChars > PENDING_CAP_CHARS) this.scheduleFlush();
    this.busy();
  }

  /** Queues a cache hit at `at` (ms since the epoch): the entry's `lastUsed`, once quiet. */
  hit(key: string, at: number): void {
    this.touched.set(key, at);
  }

  /** Deletes a damaged entry with the next flush (its file is extracted again when next added). */
  forget(key: string): void {
    this.broken.add(key);
    this.scheduleFlush();
  }

  /** Drops every queued write (the cache is being emptied). */
  drop(): void {
    this.pending.clear();
    this.pendingChars = 0;
    this.touched.clear();
    this.broken.clear();
  }

  /** Marks the cache busy (a lookup or a new record) for QUIET_MS more; then writes what is queued. */
  busy(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      void this.writeQueued();
    }, QUIET_MS);
  }

  /**
   * Writes queued records and hits in one transaction (WRITE_PAGE of each at most), evicting
   * least recently used entries while the total exceeds the budget. While the cache is busy
   * (QUIET_MS) only damaged entries are deleted, and records written only above
   * PENDING_CAP_CHARS; those two schedule the next flush themselves, once the cache is quiet
   * writeQueued writes the rest. A record larger than the whole budget is not stored.
   */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const quiet = this.quietTimer === null;
    const writeRecords = () => quiet || this.pendingChars > PENDING_CAP_CHARS;
    // At most WRITE_PAGE records and hits per transaction; the rest go in the next one, a task later.
    const batch = writeRecords() ? [...this.pending.values()].slice(0, WRITE_PAGE) : [];
    const hits = quiet ? [...this.touched].slice(0, WRITE_PAGE) : [];
    const broken = [...this.broken].slice(0, WRITE_PAGE);
    for (const s of batch) {
      this.pending.delete(s.key);
      this.pendingChars -= textSize(s);
    }
    for (const [key] of hits) this.touched.delete(key);
    for (const key of broken) this.broken.delete(key);
    if (batch.length === 0 && hits.length === 0 && broken.length === 0) return;
    if (this.broken.size || (!quiet && this.pending.size && writeRecords())) this.scheduleFlush(0);
    if (batch.length === 0 && broken.length === 0) return this.touch(hits);
    await this.write(async (tx, totals) => {
      const usage = tx.objectStore('usage');
      // Unreadable entries go first (a record stored again below replaces its own).
      const brokenRows = await readByKeys(broken, usage, USAGE_SPREAD);
      await deleteEntries(tx, broken);
      for (const row of brokenRows.values()) totals.bytes -= row.size;
      totals.entries -= brokenRows.size;
      const stored = batch.map((s) => ({ s, row: { key: s.key, size: textSize(s), lastUsed: s.storedAt } })).filter(({ row }) => row.size <= this.options.budget());
      const previous = await readByKeys(
        stored.map(({ row }) => row.key),
        usage,
        USAGE_SPREAD,
      );
      for (const { row } of stored) {
        totals.bytes += row.size - (previous.get(row.key)?.size ?? 0);
        if (!previous.has(row.key)) totals.entries += 1;
      }
      await Promise.all(stored.flatMap(({ s, row }) => [tx.objectStore('records').put(s), usage.put(row)]));
      await touchRows(usage, hits);
    });
  }

  /**
   * One read-write transaction over records, usage, meta and hashes: reads the totals, applies `change`
   * (which adjusts them), evicts past the budget and saves the totals. A failure marks the cache
   * unavailable instead of throwing.
   */
  async write(change?: (tx: SizedTx, totals: Totals) => Promise<void>): Promise<void> {
    const db = await this.cache.db();
    if (!db) return;
    try {
      const tx = db.transaction([...SIZED_STORES], 'readwrite');
      const apply = async () => {
        const totals = await readTotals(tx);
        await change?.(tx, totals);
        if (totals.bytes > this.options.budget()) {
          const rows = await tx.objectStore('usage').index('lastUsed').getAll();
          const evicted = planEviction(rows, totals.bytes, this.options.budget(), this.options.keep);
          await deleteEntries(
            tx,
            evicted.map((r) => r.key),
          );
          for (const r of evicted) totals.bytes -= r.size;
          totals.entries -= evicted.length;
        }
        await tx.objectStore('meta').put(totals, TOTALS_KEY);
        return totals;
      };
      [this.totals] = await Promise.all([apply(), tx.done]);
    } catch (e) {
      this.cache.unavailable(problemOf(e));
    }
    this.options.changed();
  }

  /**
   * Writes the `lastUsed` of hits alone in a transaction over `usage` (sizes do not change): one
   * that spans `records` would hold back the lookups of a folder being listed, which read it.
   */
  private async touch(hits: [string, number][]): Promise<void> {
    const db = await this.cache.db();
    if (!db) return;
    try {
      const tx = db.transaction('usage', 'readwrite');
      await Promise.all([touchRows(tx.store, hits), tx.done]);
    } catch (e) {
      this.cache.unavailable(problemOf(e));
    }
  }

  /**
   * Writes the queued records, hits and damaged-entry deletions, then what waits for the records
   * (afterRecords); stops (leaving the rest queued) if the cache gets busy again meanwhile.
   */
  private async writeQueued(): Promise<void> {
    while (!this.quietTimer && (this.pending.size || this.touched.size || this.broken.size)) await this.flush();
    if (!this.idle) return;
    await this.options.afterRecords();
  }

  /** Flushes within `delay` ms (sooner if already scheduled sooner). */
  private scheduleFlush(delay = FLUSH_DELAY_MS): void {
    const due = Date.now() + delay;
    if (this.flushTimer && this.flushDue <= due) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushDue = due;
    this.flushTimer = setTimeout(() => void this.flush(), delay);
  }
}

/**
 * Sets the `lastUsed` of these hits ([key, time]) where it is older, on entries still there:
 * another tab may have evicted or cleared them since the hit.
 */
async function touchRows(
  usage: { count(range: IDBKeyRange): Promise<number>; getAll(range: IDBKeyRange): Promise<UsageRow[]>; get(key: string): Promise<UsageRow | undefined>; put(row: UsageRow): Promise<unknown> },
  hits: [string, number][],
): Promise<void> {
  const rows = await readByKeys(
    hits.map(([key]) => key),
    usage,
    USAGE_SPREAD,
  );
  await Promise.all(
    hits.flatMap(([key, at]) => {
      const row = rows.get(key);
      return row && row.lastUsed < at ? [usage.put({ ...row, lastUsed: at })] : [];
    }),
  );
}

/** The stores holding a cache entry under its key. */
const ENTRY_STORES = ['records', 'usage', 'hashes'] as const;

/** Deletes the cache entries of `keys` in `tx`: each one's record, usage row and content hashes. */
function deleteEntries(tx: SizedTx, keys: string[]): Promise<unknown> {
  return Promise.all(keys.flatMap((key) => ENTRY_STORES.map((store) => tx.objectStore(store).delete(key))));
}
