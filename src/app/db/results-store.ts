/**
 * The IndexedDB cache of records, through idb. Database `metaextract`:
 * - `records`: one entry per file version, key = name|size|lastModified|extractor versions, so a
 *   changed file or an upgraded extractor misses and re-extracts;
 * - `usage`: per entry of `records`, its approximate size and when it was last used (indexed), the
 *   small rows that cache hits update and eviction walks, so neither rewrites a whole record;
 * - `meta`: the running totals (`bytes`, `entries`), updated in the same transaction as the rest;
 * - `session`: the ordered keys of the list the user sees, so a reload shows it again, in pages
 *   of SESSION_PAGE positions (one entry per page: saving 10,000 rows is 50 writes, not 10,000),
 *   keyed by [list, page]: each open tab saves its own list (tab-lock.ts), so two tabs never
 *   write into one; `lists` says when each list was last saved;
 * - `hashes`: content hashes of file versions for duplicate finding (src/duplicates/hash.ts),
 *   under their records' keys, deleted with their records (`getHashes`, `putHashes`).
 * Stores and hits are batched into one transaction per flush, which also evicts least recently
 * used entries past the size budget (eviction.ts: entries of the list on screen go last).
 * Storage failures (quota, private mode, blocked) degrade to "not cached": methods then resolve
 * without throwing, `available` turns false and `problem` says why, never losing the results on
 * screen. A database of another shape or a newer version is deleted and rebuilt (it is only a
 * cache); an entry that does not parse is a miss and is deleted; totals that are not counts are
 * recounted.
 *
 * This file is the store's face: the page's API and its Svelte reactivity (`stats`). The jobs are
 * done by schema.ts (what is stored), open.ts (opening, upgrading, rebuilding), records.ts
 * (reading entries), write-queue.ts (batched writes and eviction) and saved-list.ts (the list).
 */
import type { IDBPDatabase } from 'idb';
import { createSubscriber } from 'svelte/reactivity';
import type { FieldGroup, MetadataRecord } from '../../extractors/types';
import { EXTRACTORS_VERSION } from '../../extractors/versions';
import { groupsOf, toRecordText, type RecordText } from '../../workers/record-text';
import { openCache, type CacheHandle } from './open';
import { headOf, readByKeys, type CachedHead } from './records';
import { SavedListStore, type SavedRow, type SessionInput } from './saved-list';
import { SIZED_STORES, problemOf, type CacheProblem, type CacheSchema, type FileHashes, type StoredHashes } from './schema';
import { WriteQueue } from './write-queue';

export type { CachedHead } from './records';
export type { SavedRow } from './saved-list';
export type { CacheProblem, FileHashes, StoredHashes } from './schema';

/** Hashes of one file to store (`putHashes`): its record's cache key and its path in the list. */
export interface NewHashes {
  key: string;
  path: string;
  hashes: FileHashes;
}

/** Default size budget: 200 MiB. */
export const DEFAULT_BUDGET_BYTES = 200 * 1024 * 1024;

/** What `stats` reports; sizes in bytes, counts since the page loaded. */
export interface CacheStats {
  entries: number;
  bytes: number;
  budget: number;
  hits: number;
  misses: number;
  /** False when the cache is off (`?cache=off`) or storage failed. */
  available: boolean;
  /** Why storage failed, when it did: the notice the page shows. */
  problem: CacheProblem | null;
}

export interface ResultsStoreOptions {
  /** Size budget in bytes (default DEFAULT_BUDGET_BYTES); see `setBudget`. */
  budgetBytes?: number;
  /** Database name (default `metaextract`). */
  name?: string;
}

/** What identifies a file version in the cache (`cacheKey`). */
export interface CacheIdentity {
  name: string;
  size: number;
  lastModified?: number;
  /**
   * For an entry of an archive (its name, size and lastModified being the entry's base name, the
   * entry's size and the archive's lastModified): the archive's identity and the entry's path
   * (archive/entry.ts `entryKeyPart`), so that entries never share a key with a plain file.
   */
  entry?: string;
}

/** Identity of a file version in the cache; a plain file's is `name|size|lastModified|versions`. */
export function cacheKey(file: CacheIdentity): string {
  const key = `${file.name}|${file.size}|${file.lastModified ?? 0}|${EXTRACTORS_VERSION}`;
  return file.entry === undefined ? key : `${key}|${file.entry}`;
}

export class ResultsStore {
  available = true;
  /** Why the cache is unavailable, when storage failed (null when it is on, or turned off). */
  problem: CacheProblem | null = null;
  private db: Promise<IDBPDatabase<CacheSchema> | null>;
  private budget: number;
  private readonly name: string;
  private hits = 0;
  private misses = 0;
  /**
   * Keys of the list on screen, evicted last: the last saved or loaded session plus what was
   * stored or hit since (the list is saved with a delay, and only the list uses the store).
   */
  private readonly keep = new Set<string>();
  /** The database and the failure report, for the parts (open.ts CacheHandle). */
  private readonly cache: CacheHandle = { db: () => this.db, unavailable: (problem) => this.unavailable(problem) };
  private readonly queue: WriteQueue;
  private readonly saved: SavedListStore;
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
  constructor(
    readonly enabled = true,
    { budgetBytes = DEFAULT_BUDGET_BYTES, name = 'metaextract' }: ResultsStoreOptions = {},
  ) {
    this.budget = checkBudget(budgetBytes);
    this.name = name;
    this.queue = new WriteQueue(this.cache, {
      budget: () => this.budget,
      keep: this.keep,
      changed: () => this.changed?.(),
      afterRecords: () => this.saved.writeQueued(),
    });
    this.saved = new SavedListStore(this.cache, this.keep, this.queue);
    if (!enabled) {
      this.available = false;
      this.db = Promise.resolve(null);
      return;
    }
    this.db = openCache(name, this.cache.unavailable);
    void this.queue.write();
  }

  /** The size budget in bytes (not reactive: read `stats.budget` in templates). */
  get budgetBytes(): number {
    return this.budget;
  }

  /**
   * Counts and sizes for display: entries and bytes stored (approximate: record JSON length),
   * the budget in bytes, and this page's cache hits and misses (every `get`). Reactive when
   * read in a Svelte effect or template.
   */
  get stats(): CacheStats {
    this.track();
    return { ...this.queue.totals, budget: this.budget, hits: this.hits, misses: this.misses, available: this.available, problem: this.problem };
  }

  /**
   * The cached records of these file versions, in order, as heads (CachedHead: the groups stay
   * in the cache, so a hit keeps no groups text alive on the page; see `getGroups`), undefined
   * for a miss (also when the cache is off or storage fails). One read transaction (readByKeys):
   * a folder of 10,000 cached files is a round trip per chunk, not per file. Counts hits and
   * misses; a hit's `lastUsed` is written once the cache is quiet (QUIET_MS). An entry that does
   * not parse is a miss, and is deleted.
   */
  async getMany(files: readonly CacheIdentity[]): Promise<(CachedHead | undefined)[]> {
    const keys = files.map(cacheKey);
    const found: (RecordText | undefined)[] = keys.map((k) => this.queue.queued(k));
    const db = await this.db;
    if (db && found.some((r) => !r)) {
      try {
        const stored = await readByKeys(
          keys.filter((_, i) => !found[i]),
          db.transaction('records').store,
        );
        keys.forEach((k, i) => (found[i] ??= stored.get(k)));
      } catch {
        // storage failure: treat as misses
      }
    }
    const now = Date.now();
    const out = found.map((text, i) => {
      const hit = text && headOf(text);
      if (!hit) {
        if (text) this.queue.forget(keys[i]);
        this.misses += 1;
        return undefined;
      }
      this.hits += 1;
      this.keep.add(keys[i]);
      this.queue.hit(keys[i], now);
      return hit;
    });

    this.queue.busy();
    this.changed?.();
    return out;
  }

  /**
   * Queues a record for a batched write once the cache is quiet (QUIET_MS); `text` is its text
   * when the caller has it (the worker's), else it is serialised here. Records of
   * cancelled/timeouts are not cached. `key` is the record's cache key when its file is not
   * `record.file` (an archive's entry: `cacheKey` with its `entry` part).
   */
  put(record: MetadataRecord, text = toRecordText(record), key = cacheKey(record.file)): void {
    if (!this.available) return; // off, or storage failed: until a successful `clear`
    if (record.errors.some((e) => e.code === 'timeout' || e.code === 'aborted' || e.code === 'read-failed')) return;
    this.keep.add(key);
    this.queue.add(key, text);
  }

  /**
   * Writes queued records and hits in one transaction (WRITE_PAGE of each at most), evicting
   * least recently used entries while the total exceeds the budget; see write-queue.ts `flush`.
   */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /**
   * Changes the size budget (bytes) and evicts at once if the total exceeds it; resolves when done.
   * @throws RangeError when `bytes` is negative or not finite
   */
  async setBudget(bytes: number): Promise<void> {
    this.budget = checkBudget(bytes);
    this.changed?.();
    await this.queue.write();
  }

  /**
   * Empties the cache: records, their bookkeeping and the saved list; queued writes are dropped.
   * The hit and miss counts are kept (they count this page's lookups). Never throws; after a
   * storage failure (e.g. quota) a successful clear makes the cache `available` again.
   */
  async clear(): Promise<void> {
    this.queue.drop();
    this.saved.drop();
    this.keep.clear();
    // A database that failed to open (e.g. quota) gets another try: the user may have made room.
    if (this.enabled && !(await this.db)) {
      this.problem = null;
      this.available = true;
      this.db = openCache(this.name, this.cache.unavailable);
    }
    const db = await this.db;
    if (!db) return;
    try {
      const stores = [...SIZED_STORES, 'session', 'lists'] as const;
      const tx = db.transaction(stores, 'readwrite');
      await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done]);
      this.queue.totals = { bytes: 0, entries: 0 };
      this.available = true;
      this.problem = null;
    } catch (e) {
      this.unavailable(problemOf(e));
    }
    this.changed?.();
  }

  /** Empties this tab's saved list (the cache keeps its records; other tabs' lists stay). */
  clearSession(): Promise<void> {
    return this.saved.clear();
  }

  /**
   * Adds or replaces entries of the saved list by position (incremental saves: only rows that
   * changed); while the cache is busy the rows wait for the records queued before them. See
   * saved-list.ts `put`. Nothing when the cache is unavailable.
   */
  putSessionRows(rows: SessionInput[]): Promise<void> {
    // Off, or storage failed: nothing can be saved, and rows queued for later would hold every
    // row's record for good (a 100,000-file export's, with the cache off).
    if (!this.available) return Promise.resolve();
    return this.saved.put(rows);
  }

  /**
   * This tab's saved list, in order, a page at a time (records marked cached, with the saved
   * path, without their groups); rows whose saved head is damaged are left out. See saved-list.ts
   * `load`.
   */
  loadSession(): AsyncGenerator<SavedRow[]> {
    return this.saved.load();
  }

  /**
   * The groups of the cached records with these keys, by key (keys no longer cached are absent).
   * Records still waiting to be written are read from the write queue; the others in one read
   * transaction, by key range (readByKeys).
   */
  async getGroups(keys: string[]): Promise<Map<string, FieldGroup[]>> {
    const out = new Map<string, FieldGroup[]>();
    for (const key of keys) {
      const text = this.queue.queued(key);
      const groups = text && groupsOf(text.groups);
      if (groups) out.set(key, groups);
    }
    const db = await this.db;
    const rest = keys.filter((k) => !out.has(k));
    if (!db || rest.length === 0) return out;
    try {
      for (const [key, s] of await readByKeys(rest, db.transaction('records').store)) {
        const groups = groupsOf(s.groups);
        if (groups) out.set(key, groups);
        else this.queue.forget(key);
      }
    } catch {
      // storage failure: nothing found
    }
    return out;
  }

  /**
   * The stored content hashes of these file versions (cache keys), by key; keys without any are
   * absent (also when the cache is off or storage fails). One read transaction (readByKeys).
   */
  async getHashes(keys: string[]): Promise<Map<string, StoredHashes>> {
    const db = await this.db;
    if (!db || keys.length === 0) return new Map();
    try {
      return await readByKeys(keys, db.transaction('hashes').store);
    } catch {
      return new Map(); // storage failure: nothing found
    }
  }

  /**
   * Stores content hashes of `algorithm`, each merged into its key's entry under its path (a full
   * hash added to a stored partial one); an entry of another algorithm is replaced. One read-write
   * transaction; nothing when the cache is unavailable; a storage failure marks it so.
   */
  async putHashes(algorithm: string, entries: NewHashes[]): Promise<void> {
    const db = this.available ? await this.db : null;
    if (!db || entries.length === 0) return;
    try {
      const tx = db.transaction('hashes', 'readwrite');
      const stored = await readByKeys(
        entries.map((e) => e.key),
        tx.store,
      );
      const merged = new Map<string, StoredHashes>();
      for (const { key, path, hashes } of entries) {
        const old = merged.get(key) ?? stored.get(key);
        const byPath = old?.algorithm === algorithm ? old.byPath : {};
        merged.set(key, { key, algorithm, byPath: { ...byPath, [path]: { ...byPath[path], ...hashes } } });
      }
      await Promise.all([...[...merged.values()].map((e) => tx.store.put(e)), tx.done]);
    } catch (e) {
      this.unavailable(problemOf(e));
    }
  }

  /** Marks the cache unavailable for `problem` (the page shows why); null, for `open`. */
  private unavailable(problem: CacheProblem): null {
    this.available = false;
    this.problem = problem;
    this.changed?.();
    return null;
  }
}

/** The budget if it is a valid byte count, else a RangeError. */
function checkBudget(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`cache budget must be a non-negative number of bytes, got ${bytes}`);
  return bytes;
}
