/**
 * The IndexedDB cache of records (DESIGN.md "Cache"), through idb. Database `metaextract`:
 * - `records`: one entry per file version, key = name|size|lastModified|extractor versions, so a
 *   changed file or an upgraded extractor misses and re-extracts;
 * - `usage`: per entry of `records`, its approximate size and when it was last used (indexed), the
 *   small rows that cache hits update and eviction walks, so neither rewrites a whole record;
 * - `meta`: the running totals (`bytes`, `entries`), updated in the same transaction as the rest;
 * - `session`: the ordered keys of the list the user sees, so a reload shows it again.
 * Stores and hits are batched into one transaction per flush, which also evicts least recently
 * used entries past the size budget (eviction.ts: entries of the list on screen go last).
 * Storage failures (quota, private mode, blocked) degrade to "not cached": methods then resolve
 * without throwing and `available` turns false, never losing the results on screen.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { createSubscriber } from 'svelte/reactivity';
import type { MetadataRecord } from '../../extractors/types';
import { EXTRACTORS_VERSION } from '../../extractors/versions';
import { fromRecordText, textSize, toRecordText, type RecordText } from '../../workers/record-text';
import { planEviction, type UsageRow } from './eviction';

/** Default size budget: 200 MiB. */
export const DEFAULT_BUDGET_BYTES = 200 * 1024 * 1024;

/**
 * The record as JSON texts (workers/record-text.ts): IndexedDB stores and loads strings far faster
 * than the record's object graph (a structured clone on the main thread), the page parses the
 * groups only when shown, and the texts' length is the entry's size.
 */
interface StoredRecord extends RecordText {
  key: string;
  /** When it was stored, in ms since the epoch. */
  storedAt: number;
}

interface SessionRow {
  /** Position in the list. */
  order: number;
  key: string;
  path?: string;
}

interface Totals {
  /** Sum of the `usage` sizes. */
  bytes: number;
  /** Number of entries in `records`. */
  entries: number;
}

interface CacheSchema extends DBSchema {
  records: { key: string; value: StoredRecord };
  usage: { key: string; value: UsageRow; indexes: { lastUsed: number } };
  meta: { key: string; value: Totals };
  session: { key: number; value: SessionRow };
}

/** A row of the saved list: its position and its record, parsed on demand. */
export interface SavedRow {
  order: number;
  load(): MetadataRecord;
}

/** What `stats` reports; sizes in bytes, counts since the page loaded. */
export interface CacheStats {
  entries: number;
  bytes: number;
  budget: number;
  hits: number;
  misses: number;
  /** False when the cache is off (`?cache=off`) or storage failed. */
  available: boolean;
}

export interface ResultsStoreOptions {
  /** Size budget in bytes (default DEFAULT_BUDGET_BYTES); see `setBudget`. */
  budgetBytes?: number;
  /** Database name (default `metaextract`). */
  name?: string;
}

const VERSION = 3;
const TOTALS_KEY = 'totals';
const FLUSH_DELAY_MS = 50;
/** Entries per request or transaction where many are read or written at once. */
const PAGE = 200;
const SIZED_STORES = ['records', 'usage', 'meta'] as const;
type SizedTx = IDBPTransaction<CacheSchema, (typeof SIZED_STORES)[number][], 'readwrite'>;

/** Identity of a file version in the cache. */
export function cacheKey(file: { name: string; size: number; lastModified?: number }): string {
  return `${file.name}|${file.size}|${file.lastModified ?? 0}|${EXTRACTORS_VERSION}`;
}

export class ResultsStore {
  available = true;
  private db: Promise<IDBPDatabase<CacheSchema> | null>;
  private budget: number;
  private totals: Totals = { bytes: 0, entries: 0 };
  private hits = 0;
  private misses = 0;
  /** Records waiting for the next flush, by key. */
  private pending = new Map<string, StoredRecord>();
  /** Cache hits waiting for the next flush: key → time of the hit (ms since the epoch). */
  private touched = new Map<string, number>();
  /**
   * Keys of the list on screen, evicted last: the last saved or loaded session plus what was
   * stored or hit since (the list is saved with a delay, and only the list uses the store).
   */
  private keep = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private changed: (() => void) | undefined;
  private readonly track = createSubscriber((update) => {
    this.changed = update;
    return () => (this.changed = undefined);
  });

  /**
   * `enabled: false` (the `?cache=off` URL switch) makes every lookup miss and stores nothing.
   * Opening the database (and upgrading it, measuring the records of a version-1 database once)
   * runs in the background; then, if the stored total exceeds the budget, eviction runs at once.
   * @throws RangeError when `budgetBytes` is negative or not finite
   */
  constructor(readonly enabled = true, { budgetBytes = DEFAULT_BUDGET_BYTES, name = 'metaextract' }: ResultsStoreOptions = {}) {
    this.budget = checkBudget(budgetBytes);
    if (!enabled) {
      this.available = false;
      this.db = Promise.resolve(null);
      return;
    }
    this.db = this.open(name);
    void this.write();
  }

  /**
   * Counts and sizes for display: entries and bytes stored (approximate: record JSON length),
   * the budget in bytes, and this page's cache hits and misses (every `get`). Reactive when
   * read in a Svelte effect or template.
   */
  get stats(): CacheStats {
    this.track();
    return { ...this.totals, budget: this.budget, hits: this.hits, misses: this.misses, available: this.available };
  }

  /**
   * The cached record for this file version, marked `cached`, or undefined (also when the cache is
   * off or storage fails). Counts a hit or a miss; a hit's `lastUsed` is written with the next flush.
   */
  async get(file: { name: string; size: number; lastModified?: number }): Promise<MetadataRecord | undefined> {
    return (await this.getMany([file]))[0];
  }

  /**
   * `get` for many files in one read transaction (a folder of 10,000 cached files is one round
   * trip per chunk, not per file). Results are in the order of `files`.
   */
  async getMany(files: readonly { name: string; size: number; lastModified?: number }[]): Promise<(MetadataRecord | undefined)[]> {
    const keys = files.map(cacheKey);
    const found: (RecordText | undefined)[] = keys.map((k) => this.pending.get(k));
    const db = await this.db;
    if (db && found.some((r) => !r)) {
      try {
        const tx = db.transaction('records');
        const stored = await Promise.all(keys.map((k, i) => (found[i] ? undefined : tx.store.get(k))));
        stored.forEach((s, i) => (found[i] ??= s));
      } catch {
        // storage failure: treat as misses
      }
    }
    const now = Date.now();
    const out = found.map((text, i) => {
      if (!text) {
        this.misses += 1;
        return undefined;
      }
      this.hits += 1;
      this.keep.add(keys[i]);
      this.touched.set(keys[i], now);
      return parseCached(text);
    });
    if (out.some((r) => r)) this.scheduleFlush();
    this.changed?.();
    return out;
  }

  /**
   * Queues a record for the next batched write; `text` is its text when the caller has it (the
   * worker's), else it is serialised here. Records of cancelled/timeouts are not cached.
   */
  put(record: MetadataRecord, text = toRecordText(record)): void {
    if (!this.enabled) return;
    if (record.errors.some((e) => e.code === 'timeout' || e.code === 'aborted' || e.code === 'read-failed')) return;
    const key = cacheKey(record.file);
    this.pending.set(key, { key, head: text.head, groups: text.groups, storedAt: Date.now() });
    this.keep.add(key);
    this.scheduleFlush();
  }

  /**
   * Writes queued records and hits in one transaction, evicting least recently used entries while
   * the total exceeds the budget. A record larger than the whole budget is not stored.
   */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = [...this.pending.values()];
    const hits = [...this.touched];
    this.pending.clear();
    this.touched.clear();
    if (batch.length === 0 && hits.length === 0) return;
    await this.write(async (tx, totals) => {
      const usage = tx.objectStore('usage');
      const stored = batch
        .map((s) => ({ s, row: { key: s.key, size: textSize(s), lastUsed: s.storedAt } }))
        .filter(({ row }) => row.size <= this.budget);
      const previous = await Promise.all(stored.map(({ row }) => usage.get(row.key)));
      stored.forEach(({ row }, i) => {
        totals.bytes += row.size - (previous[i]?.size ?? 0);
        if (!previous[i]) totals.entries += 1;
      });
      await Promise.all(stored.flatMap(({ s, row }) => [tx.objectStore('records').put(s), usage.put(row)]));
      // Only entries still there: another tab may have evicted or cleared them since the hit.
      const hitRows = await Promise.all(hits.map(([key]) => usage.get(key)));
      await Promise.all(hitRows.flatMap((row, i) => (row ? [usage.put({ ...row, lastUsed: Math.max(row.lastUsed, hits[i][1]) })] : [])));
    });
  }

  /**
   * Changes the size budget (bytes) and evicts at once if the total exceeds it; resolves when done.
   * @throws RangeError when `bytes` is negative or not finite
   */
  async setBudget(bytes: number): Promise<void> {
    this.budget = checkBudget(bytes);
    this.changed?.();
    await this.write();
  }

  /**
   * Empties the cache: records, their bookkeeping and the saved list; queued writes are dropped.
   * The hit and miss counts are kept (they count this page's lookups). Never throws; after a
   * storage failure (e.g. quota) a successful clear makes the cache `available` again.
   */
  async clear(): Promise<void> {
    this.pending.clear();
    this.touched.clear();
    this.keep.clear();
    const db = await this.db;
    if (!db) return;
    try {
      const stores = [...SIZED_STORES, 'session'] as const;
      const tx = db.transaction(stores, 'readwrite');
      await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done]);
      this.totals = { bytes: 0, entries: 0 };
      this.available = true;
    } catch {
      this.available = false;
    }
    this.changed?.();
  }

  /** Empties the saved list (the cache keeps its records). */
  async clearSession(): Promise<void> {
    this.keep = new Set();
    const db = await this.db;
    if (!db) return;
    try {
      const tx = db.transaction('session', 'readwrite');
      await Promise.all([tx.store.clear(), tx.done]);
    } catch {
      this.available = false;
    }
  }

  /**
   * Adds or replaces entries of the saved list by position (incremental saves: only rows that
   * changed, so saving during a 10,000-file batch stays cheap); their records are evicted last.
   */
  async putSessionRows(rows: { order: number; key: string; path?: string }[]): Promise<void> {
    for (const r of rows) this.keep.add(r.key);
    const db = await this.db;
    if (!db) return;
    try {
      // One transaction per PAGE rows: each put costs the main thread ≈0.1 ms.
      for (let i = 0; i < rows.length; i += PAGE) {
        const tx = db.transaction('session', 'readwrite');
        await Promise.all([...rows.slice(i, i + PAGE).map((r) => tx.store.put({ order: r.order, key: r.key, ...(r.path ? { path: r.path } : {}) })), tx.done]);
      }
    } catch {
      this.available = false;
    }
  }

  /**
   * The saved list, in order, in pages of PAGE rows: each row's position and a function that
   * parses its record (marked cached, with the saved path). Rows whose record is gone are
   * skipped. The records are read by key range: the list's keys sorted, PAGE at a time, one
   * `getAll` over each page's range (one `get` per key where other entries crowd the range),
   * so 10,000 rows take ≈50 requests instead of 10,000 (each request costs the main thread
   * ≈0.04 ms in Chromium, the bytes far less).
   */
  async *loadSession(): AsyncGenerator<SavedRow[]> {
    const db = await this.db;
    if (!db) return;
    let rows: SessionRow[];
    const texts = new Map<string, RecordText>();
    try {
      rows = await db.getAll('session');
      const keys = [...new Set(rows.map((r) => r.key))].sort();
      const tx = db.transaction('records');
      for (let i = 0; i < keys.length; i += PAGE) {
        const page = keys.slice(i, i + PAGE);
        const wanted = new Set(page);
        const inRange = await tx.store.getAll(IDBKeyRange.bound(page[0], page[page.length - 1]), 2 * PAGE);
        if (inRange.length < 2 * PAGE) {
          for (const s of inRange) if (wanted.has(s.key)) texts.set(s.key, s);
        } else {
          for (const s of await Promise.all(page.map((k) => tx.store.get(k)))) if (s) texts.set(s.key, s);
        }
      }
    } catch {
      return;
    }
    this.keep = new Set(rows.map((r) => r.key));
    for (let i = 0; i < rows.length; i += PAGE) {
      yield rows.slice(i, i + PAGE).flatMap(({ order, key, path }) => {
        const text = texts.get(key);
        if (!text) return [];
        const load = () => {
          const record = parseCached(text);
          if (path) record.file.path = path;
          return record;
        };
        return [{ order, load }];
      });
    }
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** Opens (creating or upgrading) the database; null, with `available` false, when it cannot. */
  private open(name: string): Promise<IDBPDatabase<CacheSchema> | null> {
    return new Promise((resolve) => {
      let gaveUp = false;
      const fail = () => {
        gaveUp = true;
        this.available = false;
        this.changed?.();
        resolve(null);
      };
      openDB<CacheSchema>(name, VERSION, {
        // A failed request aborts the upgrade, and openDB rejects: handled below.
        upgrade: (db, oldVersion, _newVersion, tx) => void upgrade(db, oldVersion, tx).catch(() => undefined),
        // Another tab still holds an older version open: run uncached rather than wait for it.
        blocked: fail,
        // Another tab wants a newer version: let it have the database.
        blocking: (_current, _blocked, event) => {
          (event.target as IDBDatabase).close();
          fail();
        },
        terminated: fail,
      }).then((db) => (gaveUp ? db.close() : resolve(db)), fail);
    });
  }

  /**
   * One read-write transaction over records, usage and meta: reads the totals, applies `change`
   * (which adjusts them), evicts past the budget and saves the totals. A failure marks the cache
   * unavailable instead of throwing.
   */
  private async write(change?: (tx: SizedTx, totals: Totals) => Promise<void>): Promise<void> {
    const db = await this.db;
    if (!db) return;
    try {
      const tx = db.transaction([...SIZED_STORES], 'readwrite');
      const apply = async () => {
        const totals = (await tx.objectStore('meta').get(TOTALS_KEY)) ?? { bytes: 0, entries: 0 };
        await change?.(tx, totals);
        if (totals.bytes > this.budget) {
          const rows = await tx.objectStore('usage').index('lastUsed').getAll();
          const evicted = planEviction(rows, totals.bytes, this.budget, this.keep);
          await Promise.all(evicted.flatMap((r) => [tx.objectStore('records').delete(r.key), tx.objectStore('usage').delete(r.key)]));
          for (const r of evicted) totals.bytes -= r.size;
          totals.entries -= evicted.length;
        }
        await tx.objectStore('meta').put(totals, TOTALS_KEY);
        return totals;
      };
      [this.totals] = await Promise.all([apply(), tx.done]);
    } catch {
      this.available = false;
    }
    this.changed?.();
  }
}

/**
 * Creates the stores of each version after `oldVersion`. Version 1 had `records` and `session`
 * only; versions 1 and 2 stored records as objects: they are rewritten as JSON text and measured
 * into `usage` (last used kept, or when stored) and `meta`.
 */
async function upgrade(
  db: IDBPDatabase<CacheSchema>,
  oldVersion: number,
  tx: IDBPTransaction<CacheSchema, StoreNames<CacheSchema>[], 'versionchange'>,
): Promise<void> {
  if (oldVersion < 1) {
    db.createObjectStore('records', { keyPath: 'key' });
    db.createObjectStore('session', { keyPath: 'order' });
  }
  if (oldVersion < 2) {
    const usage = db.createObjectStore('usage', { keyPath: 'key' });
    usage.createIndex('lastUsed', 'lastUsed');
    db.createObjectStore('meta');
  }
  if (oldVersion >= 1 && oldVersion < 3) {
    // Records were objects until version 3: store them as text, and measure them (again).
    const totals: Totals = { bytes: 0, entries: 0 };
    const usage = tx.objectStore('usage');
    for (let c = await tx.objectStore('records').openCursor(); c; c = await c.continue()) {
      const old = c.value as unknown as { key: string; record: MetadataRecord; storedAt: number };
      const text = toRecordText(old.record);
      await c.update({ key: old.key, ...text, storedAt: old.storedAt });
      const lastUsed = (await usage.get(old.key))?.lastUsed ?? old.storedAt;
      await usage.put({ key: old.key, size: textSize(text), lastUsed });
      totals.bytes += textSize(text);
      totals.entries += 1;
    }
    await tx.objectStore('meta').put(totals, TOTALS_KEY);
  }
}

/** The budget if it is a valid byte count, else a RangeError. */
function checkBudget(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`cache budget must be a non-negative number of bytes, got ${bytes}`);
  return bytes;
}

/** A stored record, parsed (groups on first read) and marked `cached`. */
function parseCached(text: RecordText): MetadataRecord {
  const record = fromRecordText(text);
  record.stats.cached = true;
  return record;
}
