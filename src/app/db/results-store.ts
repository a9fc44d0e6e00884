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
 *   write into one; `lists` says when each list was last saved.
 * Stores and hits are batched into one transaction per flush, which also evicts least recently
 * used entries past the size budget (eviction.ts: entries of the list on screen go last).
 * Storage failures (quota, private mode, blocked) degrade to "not cached": methods then resolve
 * without throwing, `available` turns false and `problem` says why, never losing the results on
 * screen. A database of another shape or a newer version is deleted and rebuilt (it is only a
 * cache); an entry that does not parse is a miss and is deleted; totals that are not counts are
 * recounted.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { createSubscriber } from 'svelte/reactivity';
import type { FieldGroup, MetadataRecord } from '../../extractors/types';
import type { RowStatus } from '../state/row';
import { statusOf } from '../../extractors/status';
import { EXTRACTORS_VERSION } from '../../extractors/versions';
import { groupsOf, headText, textSize, toRecordText, type RecordText } from '../../workers/record-text';
import { planEviction, type UsageRow } from './eviction';
import { claimList, heldLists, type SavedList } from './tab-lock';

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

/** A row of the saved list as the queue hands it over (putSessionRows). */
type SessionInput = { order: number; key: string; path?: string; record: MetadataRecord; status: RowStatus };

interface SessionRow {
  /** Position in the list. */
  order: number;
  key: string;
  path?: string;
  /** The row's record without its groups (record-text.ts `head`), and its status. */
  head: string;
  status: RowStatus;
}

/** The saved rows of list `tab` whose positions are `page * SESSION_PAGE` up to the next page. */
interface SessionPage {
  tab: string;
  page: number;
  rows: SessionRow[];
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
  session: { key: [string, number]; value: SessionPage };
  lists: { key: string; value: SavedList };
}

/**
 * A cached record without its groups (`groups` is empty: `getGroups(key)` reads them), marked
 * `cached`, and its status (statusOf the whole record).
 */
export interface CachedHead {
  record: MetadataRecord;
  status: RowStatus;
}

/** A row of the saved list: its position, cache key, record head (with the saved path) and status. */
export interface SavedRow extends CachedHead {
  order: number;
  key: string;
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
  /** Why storage failed, when it did: the notice the page shows. */
  problem: CacheProblem | null;
}

/**
 * `quota`: the browser's storage quota for the site is used up; `blocked`: another tab of an
 * older version holds the database open; `failed`: any other storage error (private mode…).
 */
export type CacheProblem = 'quota' | 'blocked' | 'failed';

export interface ResultsStoreOptions {
  /** Size budget in bytes (default DEFAULT_BUDGET_BYTES); see `setBudget`. */
  budgetBytes?: number;
  /** Database name (default `metaextract`). */
  name?: string;
}

const VERSION = 4;
/** `session` pages per read or write request (≈500 rows: a few ms of (de)serialising per task). */
const PAGES_PER_REQUEST = 5;
/** The list id given to a list saved before version 4 (one list for all tabs). */
const LEGACY_LIST = 'saved-before-v4';
/** Saved lists that no open tab holds are kept up to this many (the most recent). */
const FREE_LISTS_KEPT = 4;
const TOTALS_KEY = 'totals';
const FLUSH_DELAY_MS = 50;
/**
 * Writes wait until the cache has been quiet (no lookup, no new record) this long, so a batch's
 * extraction or a cached folder's listing does not share the CPU with them:
 * - hits' `lastUsed`: writing 10,000 of them while a cached folder was listed made re-dropping it
 *   ≈0.6 s slower (median 3.6 s instead of 3.0 s), and eviction order only needs them eventually;
 * - records: IndexedDB's backend took ≈11 s of the browser's CPU for a first open of 10,000
 *   photos, on the 2 cores the extraction needed.
 * Queued records cost little memory (the workers' texts, which the list's rows hold anyway), a
 * record still queued is found by lookups, and a tab closed meanwhile loses only queued writes.
 */
const QUIET_MS = 500;
/** Queued record text (characters) above which records are written even while the cache is busy. */
const PENDING_CAP_CHARS = 64 * 1024 * 1024;
/** Entries per read request where many are read at once. */
const PAGE = 200;
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
const WRITE_PAGE = 50;
/** Positions of the saved list per `session` entry. */
const SESSION_PAGE = 100;
const SIZED_STORES = ['records', 'usage', 'meta'] as const;
type SizedTx = IDBPTransaction<CacheSchema, (typeof SIZED_STORES)[number][], 'readwrite'>;

/** Identity of a file version in the cache. */
export function cacheKey(file: { name: string; size: number; lastModified?: number }): string {
  return `${file.name}|${file.size}|${file.lastModified ?? 0}|${EXTRACTORS_VERSION}`;
}

export class ResultsStore {
  available = true;
  /** Why the cache is unavailable, when storage failed (null when it is on, or turned off). */
  problem: CacheProblem | null = null;
  private db: Promise<IDBPDatabase<CacheSchema> | null>;
  private budget: number;
  private readonly name: string;
  private totals: Totals = { bytes: 0, entries: 0 };
  private hits = 0;
  private misses = 0;
  /** Records waiting for the next flush, by key. */
  private pending = new Map<string, StoredRecord>();
  /** Keys of entries that did not parse: deleted by the next flush. */
  private broken = new Set<string>();
  /** Cache hits waiting for the next flush: key → time of the hit (ms since the epoch). */
  private touched = new Map<string, number>();
  /**
   * Keys of the list on screen, evicted last: the last saved or loaded session plus what was
   * stored or hit since (the list is saved with a delay, and only the list uses the store).
   */
  private keep = new Set<string>();
  /** This tab's saved list id (claimed on first use). */
  private tab: Promise<string> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDue = 0;
  /** Set until the cache has been quiet for QUIET_MS: writes are held back until it fires. */
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  /** Characters of the records in `pending`. */
  private pendingChars = 0;
  /** Saved-list rows waiting, with the records, for the cache to be quiet (putSessionRows). */
  private sessionQueue: SessionInput[] = [];
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
    this.name = name;
    if (!enabled) {
      this.available = false;
      this.db = Promise.resolve(null);
      return;
    }
    this.db = this.open(name);
    void this.write();
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
    return { ...this.totals, budget: this.budget, hits: this.hits, misses: this.misses, available: this.available, problem: this.problem };
  }

  /**
   * The cached records of these file versions, in order, as heads (CachedHead: the groups stay
   * in the cache, so a hit keeps no groups text alive on the page; see `getGroups`), undefined
   * for a miss (also when the cache is off or storage fails). One read transaction (readByKeys):
   * a folder of 10,000 cached files is a round trip per chunk, not per file. Counts hits and
   * misses; a hit's `lastUsed` is written once the cache is quiet (QUIET_MS). An entry that does
   * not parse is a miss, and is deleted.
   */
  async getMany(files: readonly { name: string; size: number; lastModified?: number }[]): Promise<(CachedHead | undefined)[]> {
    const keys = files.map(cacheKey);
    const found: (RecordText | undefined)[] = keys.map((k) => this.pending.get(k));
    const db = await this.db;
    if (db && found.some((r) => !r)) {
      try {
        const stored = await readByKeys(keys.filter((_, i) => !found[i]), db.transaction('records').store);
        keys.forEach((k, i) => (found[i] ??= stored.get(k)));
      } catch {
        // storage failure: treat as misses
      }
    }
    const now = Date.now();
    const out = found.map((text, i) => {
      const hit = text && headOf(text);
      if (!hit) {
        if (text) this.forget(keys[i]);
        this.misses += 1;
        return undefined;
      }
      this.hits += 1;
      this.keep.add(keys[i]);
      this.touched.set(keys[i], now);
      return hit;
    });

    this.busy();
    this.changed?.();
    return out;
  }

  /**
   * Queues a record for a batched write once the cache is quiet (QUIET_MS); `text` is its text
   * when the caller has it (the worker's), else it is serialised here. Records of
   * cancelled/timeouts are not cached.
   */
  put(record: MetadataRecord, text = toRecordText(record)): void {
    if (!this.available) return; // off, or storage failed: until a successful `clear`
    if (record.errors.some((e) => e.code === 'timeout' || e.code === 'aborted' || e.code === 'read-failed')) return;
    const key = cacheKey(record.file);
    const previous = this.pending.get(key);
    if (previous) this.pendingChars -= textSize(previous);
    const entry = { key, head: text.head, groups: text.groups, storedAt: Date.now() };
    this.pending.set(key, entry);
    this.pendingChars += textSize(entry);
    this.keep.add(key);
    if (this.pendingChars > PENDING_CAP_CHARS) this.scheduleFlush();
    this.busy();
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
      await Promise.all(broken.flatMap((key) => [tx.objectStore('records').delete(key), usage.delete(key)]));
      for (const row of brokenRows.values()) totals.bytes -= row.size;
      totals.entries -= brokenRows.size;
      const stored = batch
        .map((s) => ({ s, row: { key: s.key, size: textSize(s), lastUsed: s.storedAt } }))
        .filter(({ row }) => row.size <= this.budget);
      const previous = await readByKeys(stored.map(({ row }) => row.key), usage, USAGE_SPREAD);
      for (const { row } of stored) {
        totals.bytes += row.size - (previous.get(row.key)?.size ?? 0);
        if (!previous.has(row.key)) totals.entries += 1;
      }
      await Promise.all(stored.flatMap(({ s, row }) => [tx.objectStore('records').put(s), usage.put(row)]));
      await touchRows(usage, hits);
    });
  }

  /**
   * Writes the `lastUsed` of hits alone in a transaction over `usage` (sizes do not change): one
   * that spans `records` would hold back the lookups of a folder being listed, which read it.
   */
  private async touch(hits: [string, number][]): Promise<void> {
    const db = await this.db;
    if (!db) return;
    try {
      const tx = db.transaction('usage', 'readwrite');
      await Promise.all([touchRows(tx.store, hits), tx.done]);
    } catch (e) {
      this.unavailable(problemOf(e));
    }
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
    this.pendingChars = 0;
    this.sessionQueue = [];
    this.touched.clear();
    this.broken.clear();
    this.keep.clear();
    // A database that failed to open (e.g. quota) gets another try: the user may have made room.
    if (this.enabled && !(await this.db)) {
      this.problem = null;
      this.available = true;
      this.db = this.open(this.name);
    }
    const db = await this.db;
    if (!db) return;
    try {
      const stores = [...SIZED_STORES, 'session', 'lists'] as const;
      const tx = db.transaction(stores, 'readwrite');
      await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done]);
      this.totals = { bytes: 0, entries: 0 };
      this.available = true;
      this.problem = null;
    } catch (e) {
      this.unavailable(problemOf(e));
    }
    this.changed?.();
  }

  /** Empties this tab's saved list (the cache keeps its records; other tabs' lists stay). */
  async clearSession(): Promise<void> {
    this.keep = new Set();
    this.sessionQueue = [];
    const db = await this.db;
    if (!db) return;
    try {
      const tab = await this.list();
      const tx = db.transaction(['session', 'lists'], 'readwrite');
      await Promise.all([tx.objectStore('session').delete(pagesOf(tab)), tx.objectStore('lists').delete(tab), tx.done]);
    } catch (e) {
      this.unavailable(problemOf(e));
    }
  }

  /**
   * Adds or replaces entries of the saved list by position (incremental saves: only rows that
   * changed, so saving during a 10,000-file batch stays cheap); their records are evicted last.
   * While the cache is busy the rows wait, and are written once the records queued before them
   * are (writeQueued): a page left mid-batch comes back with the list as it was before the batch,
   * never with rows whose records were not written.
   */
  async putSessionRows(rows: SessionInput[]): Promise<void> {
    for (const r of rows) this.keep.add(r.key);
    if (this.quietTimer || this.pending.size) {
      this.sessionQueue.push(...rows);
      return;
    }
    const db = await this.db;
    if (!db) return;
    try {
      const tab = await this.list();
      const byPage = [...byPageOf(rows)];
      // A few pages per transaction, one after another, their heads serialised page by page:
      // serialising a whole 10,000-row list in one go was a 50–80 ms task (measured in a trace:
      // IDBObjectStore::putRequestSetup), and a second's rows of a re-dropped folder (≈3,000
      // heads) ≈60 ms.
      for (let i = 0; i < byPage.length; i += PAGES_PER_REQUEST) {
        const tx = db.transaction(['session', 'lists'], 'readwrite');
        const session = tx.objectStore('session');
        const merge = async (page: number, changed: typeof rows) => {
          const fresh = changed.map((r): SessionRow => ({ order: r.order, key: r.key, ...(r.path ? { path: r.path } : {}), head: headText(r.record), status: r.status }));
          const saved = new Map(((await session.get([tab, page]))?.rows ?? []).map((r) => [r.order, r]));
          for (const r of fresh) saved.set(r.order, r);
          await session.put({ tab, page, rows: [...saved.values()] });
        };
        const pages = byPage.slice(i, i + PAGES_PER_REQUEST).map(([page, changed]) => merge(page, changed));
        await Promise.all([...pages, tx.objectStore('lists').put({ tab, savedAt: Date.now() }), tx.done]);
      }
    } catch (e) {
      this.unavailable(problemOf(e));
    }
  }

  /**
   * This tab's saved list, in order, a `session` page (SESSION_PAGE rows) at a time (records marked
   * cached, with the saved path, without their groups), read PAGES_PER_REQUEST pages per request.
   * Only the list is read, not the records: reopening 10,000 files reads their heads (≈20% of the
   * records' text); a row's groups are read when it is opened or exported. Rows whose saved head
   * is damaged are left out.
   */
  async *loadSession(): AsyncGenerator<SavedRow[]> {
    const db = await this.db;
    if (!db) return;
    const tab = await this.list();
    this.keep = new Set();
    for (let next = 0; ; ) {
      let pages: SessionPage[];
      try {
        pages = await db.getAll('session', IDBKeyRange.bound([tab, next], [tab, Infinity]), PAGES_PER_REQUEST);
      } catch {
        return;
      }
      if (pages.length === 0) return;
      next = pages[pages.length - 1].page + 1;
      for (const p of pages) {
        const rows = (Array.isArray(p.rows) ? p.rows.filter(isSessionRow) : []).sort((a, b) => a.order - b.order);
        for (const r of rows) this.keep.add(r.key);
        const saved = savedRows(rows);
        if (saved.length) yield saved;
      }
    }
  }

  /**
   * The groups of the cached records with these keys, by key (keys no longer cached are absent).
   * One read transaction, by key range (readByKeys).
   */
  async getGroups(keys: string[]): Promise<Map<string, FieldGroup[]>> {
    const out = new Map<string, FieldGroup[]>();
    const db = await this.db;
    if (!db || keys.length === 0) return out;
    try {
      for (const [key, s] of await readByKeys(keys, db.transaction('records').store)) {
        const groups = groupsOf(s.groups);
        if (groups) out.set(key, groups);
        else this.forget(key);
      }
    } catch {
      // storage failure: nothing found
    }
    return out;
  }

  /**
   * This tab's saved list id: claimed once (its own after a reload, else the newest list no open
   * tab holds, else a new one; tab-lock.ts). Lists no tab holds beyond the FREE_LISTS_KEPT most
   * recent are deleted then.
   */
  private list(): Promise<string> {
    this.tab ??= (async () => {
      const db = await this.db;
      const lists = db ? ((await db.getAll('lists').catch(() => [])) as unknown[]).filter(isSavedList) : [];
      const tab = await claimList(lists);
      if (db) void this.dropFreeLists(db, tab, lists);
      return tab;
    })();
    return this.tab;
  }

  /** Deletes the saved lists of closed tabs beyond the FREE_LISTS_KEPT most recent (not `mine`). */
  private async dropFreeLists(db: IDBPDatabase<CacheSchema>, mine: string, lists: SavedList[]): Promise<void> {
    const held = await heldLists();
    const free = lists.filter((l) => l.tab !== mine && !held.has(l.tab)).sort((a, b) => b.savedAt - a.savedAt);
    const dropped = free.slice(FREE_LISTS_KEPT);
    if (dropped.length === 0) return;
    try {
      const tx = db.transaction(['session', 'lists'], 'readwrite');
      await Promise.all([...dropped.flatMap((l) => [tx.objectStore('session').delete(pagesOf(l.tab)), tx.objectStore('lists').delete(l.tab)]), tx.done]);
    } catch {
      // left for the next tab
    }
  }

  /** Deletes a damaged entry with the next flush (its file is extracted again when next added). */
  private forget(key: string): void {
    this.broken.add(key);
    this.scheduleFlush();
  }

  /** Marks the cache busy (a lookup or a new record) for QUIET_MS more; then writes what is queued. */
  private busy(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      void this.writeQueued();
    }, QUIET_MS);
  }

  /**
   * Writes the queued records, hits and damaged-entry deletions, then the queued saved-list rows;
   * stops (leaving the rest queued) if the cache gets busy again meanwhile.
   */
  private async writeQueued(): Promise<void> {
    while (!this.quietTimer && (this.pending.size || this.touched.size || this.broken.size)) await this.flush();
    if (this.quietTimer || this.pending.size) return;
    const rows = this.sessionQueue.splice(0);
    if (rows.length) await this.putSessionRows(rows);
  }

  /** Flushes within `delay` ms (sooner if already scheduled sooner). */
  private scheduleFlush(delay = FLUSH_DELAY_MS): void {
    const due = Date.now() + delay;
    if (this.flushTimer && this.flushDue <= due) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushDue = due;
    this.flushTimer = setTimeout(() => void this.flush(), delay);
  }

  /**
   * Opens (creating or upgrading) the database; null, with `available` false, when it cannot. A
   * database this version cannot use (a newer version, other stores, a failed upgrade) is deleted
   * and created anew, once.
   */
  private async open(name: string): Promise<IDBPDatabase<CacheSchema> | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const db = await this.openOnce(name);
      if (db !== 'rebuild') return db;
      // Tabs of this version close on `versionchange` (below); a newer one may hold on to it, and
      // the deletion then waits for it: run uncached rather than wait (every lookup awaits `db`).
      const deleted = await new Promise<'deleted' | CacheProblem>((resolve) => {
        deleteDB(name, { blocked: () => resolve('blocked') }).then(() => resolve('deleted'), () => resolve('failed'));
      });
      if (deleted !== 'deleted') return this.unavailable(deleted);
    }
    return this.unavailable('failed');
  }

  private openOnce(name: string): Promise<IDBPDatabase<CacheSchema> | null | 'rebuild'> {
    return new Promise((resolve) => {
      let gaveUp = false;
      const fail = (problem: CacheProblem) => {
        gaveUp = true;
        resolve(this.unavailable(problem));
      };
      openDB<CacheSchema>(name, VERSION, {
        // A failed request aborts the upgrade, and openDB rejects: handled below.
        upgrade: (db, oldVersion, _newVersion, tx) => void upgrade(db, oldVersion, tx).catch(() => undefined),
        // Another tab still holds an older version open: run uncached rather than wait for it.
        blocked: () => fail('blocked'),
        // Another tab wants a newer version, or to delete the database: let it have it.
        blocking: (_current, _blocked, event) => {
          (event.target as IDBDatabase).close();
          fail('blocked');
        },
        terminated: () => fail('failed'),
      }).then(
        (db) => {
          if (gaveUp) db.close();
          else if (hasSchema(db)) resolve(db);
          else (db.close(), resolve('rebuild'));
        },
        (e: unknown) => {
          if (gaveUp) return;
          resolve(problemOf(e) === 'quota' ? this.unavailable('quota') : 'rebuild');
        },
      );
    });
  }

  /** Marks the cache unavailable for `problem` (the page shows why); null, for `open`. */
  private unavailable(problem: CacheProblem): null {
    this.available = false;
    this.problem = problem;
    this.changed?.();
    return null;
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
        const totals = await readTotals(tx);
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
    } catch (e) {
      this.unavailable(problemOf(e));
    }
    this.changed?.();
  }
}

/**
 * The stored totals; recounted from `usage` when they are not plain counts (a damaged or
 * hand-edited database), so the budget keeps being enforced on true sizes.
 */
async function readTotals(tx: SizedTx): Promise<Totals> {
  const t: Partial<Totals> | undefined = await tx.objectStore('meta').get(TOTALS_KEY);
  if (t && Number.isSafeInteger(t.bytes) && Number.isSafeInteger(t.entries) && t.bytes! >= 0 && t.entries! >= 0) return t as Totals;
  const totals: Totals = { bytes: 0, entries: 0 };
  for (let c = await tx.objectStore('usage').openCursor(); c; c = await c.continue()) {
    totals.bytes += Number.isFinite(c.value.size) ? c.value.size : 0;
    totals.entries += 1;
  }
  return totals;
}

/**
 * Creates the stores of each version after `oldVersion`. Version 1 had `records` and `session`
 * only; versions 1 and 2 stored records as objects and the list a row per entry: records are
 * rewritten as text and measured into `usage` (last used kept, or when stored) and `meta`, and
 * the list is regrouped into pages. Until version 4 there was one saved list for all tabs: it
 * becomes the list LEGACY_LIST, which the first tab to open takes over.
 */
async function upgrade(
  db: IDBPDatabase<CacheSchema>,
  oldVersion: number,
  tx: IDBPTransaction<CacheSchema, StoreNames<CacheSchema>[], 'versionchange'>,
): Promise<void> {
  if (oldVersion < 1) db.createObjectStore('records', { keyPath: 'key' });
  const heads = new Map<string, { head: string; status: RowStatus }>();
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
      heads.set(old.key, { head: text.head, status: statusOf(old.record) });
      await c.update({ key: old.key, ...text, storedAt: old.storedAt });
      const lastUsed = (await usage.get(old.key))?.lastUsed ?? old.storedAt;
      await usage.put({ key: old.key, size: textSize(text), lastUsed });
      totals.bytes += textSize(text);
      totals.entries += 1;
    }
    await tx.objectStore('meta').put(totals, TOTALS_KEY);
  }
  // Until version 3 the saved list had one entry per row, keyed by position, without the rows'
  // heads: regroup into pages with them (rows whose record is gone are dropped). In version 3 it
  // was in pages keyed by page number alone.
  let oldRows: SessionRow[] = [];
  if (oldVersion >= 1 && oldVersion < 3) {
    const saved = (await tx.objectStore('session').getAll()) as unknown as { order: number; key: string; path?: string }[];
    oldRows = saved.flatMap((r) => {
      const h = heads.get(r.key);
      return h ? [{ ...r, ...h }] : [];
    });
  } else if (oldVersion === 3) {
    const pages = (await tx.objectStore('session').getAll()) as unknown as { rows?: unknown[] }[];
    oldRows = pages.flatMap((p) => (Array.isArray(p.rows) ? p.rows.filter(isSessionRow) : []));
  }
  if (oldVersion < 4) {
    if (oldVersion >= 1) db.deleteObjectStore('session');
    const session = db.createObjectStore('session', { keyPath: ['tab', 'page'] });
    const lists = db.createObjectStore('lists', { keyPath: 'tab' });
    if (oldRows.length) {
      for (const [page, rows] of byPageOf(oldRows)) await session.put({ tab: LEGACY_LIST, page, rows });
      await lists.put({ tab: LEGACY_LIST, savedAt: Date.now() });
    }
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
  const rows = await readByKeys(hits.map(([key]) => key), usage, USAGE_SPREAD);
  await Promise.all(hits.flatMap(([key, at]) => {
    const row = rows.get(key);
    return row && row.lastUsed < at ? [usage.put({ ...row, lastUsed: at })] : [];
  }));
}

/** Saved rows with their record heads parsed; rows whose head is damaged are left out. */
function savedRows(rows: SessionRow[]): SavedRow[] {
  return rows.flatMap(({ order, key, path, head, status }) => {
    const record = headOf({ head, groups: '[]' })?.record;
    if (!record) return [];
    if (path) record.file.path = path;
    return [{ order, key, status, record }];
  });
}

/** The key range of list `tab`'s pages in `session`. */
const pagesOf = (tab: string) => IDBKeyRange.bound([tab, -Infinity], [tab, Infinity]);

/**
 * The entries with these keys, by key (absent keys are missing from the map). Reads by key range:
 * the keys sorted, PAGE at a time, one `getAll` over each page's range, or one `get` per key
 * where other entries crowd the range (more than `spread` times the keys, by `count`). A folder's
 * keys (name|size|date) sort together, so
 * 10,000 keys take ≈50 requests instead of 10,000: in Chromium each request costs the main
 * thread ≈0.1 ms, the bytes far less.
 */
async function readByKeys<T extends { key: string }>(
  keys: string[],
  store: { count(range: IDBKeyRange): Promise<number>; getAll(range: IDBKeyRange): Promise<T[]>; get(key: string): Promise<T | undefined> },
  spread = 2,
): Promise<Map<string, T>> {
  const sorted = [...new Set(keys)].sort();
  const out = new Map<string, T>();
  for (let i = 0; i < sorted.length; i += PAGE) {
    const page = sorted.slice(i, i + PAGE);
    const range = IDBKeyRange.bound(page[0], page[page.length - 1]);
    if ((await store.count(range)) <= spread * page.length) {
      const wanted = new Set(page);
      for (const e of await store.getAll(range)) if (wanted.has(e.key)) out.set(e.key, e);
    } else {
      for (const e of await Promise.all(page.map((k) => store.get(k)))) if (e) out.set(e.key, e);
    }
  }
  return out;
}

/** Saved rows grouped by their `session` page. */
function byPageOf<T extends { order: number }>(rows: T[]): Map<number, T[]> {
  const pages = new Map<number, T[]>();
  for (const r of rows) {
    const page = Math.floor(r.order / SESSION_PAGE);
    let list = pages.get(page);
    if (!list) pages.set(page, (list = []));
    list.push(r);
  }
  return pages;
}

/** The budget if it is a valid byte count, else a RangeError. */
function checkBudget(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`cache budget must be a non-negative number of bytes, got ${bytes}`);
  return bytes;
}

/**
 * A stored record's head, parsed, with no groups (`getGroups` reads them) and marked `cached`,
 * and its status (extractors/status.ts); null when its text is not a record's (a damaged entry).
 */
function headOf(text: RecordText): CachedHead | null {
  let record: unknown;
  try {
    if (typeof text.head !== 'string' || typeof text.groups !== 'string') return null;
    record = JSON.parse(text.head);
  } catch {
    return null;
  }
  if (!isRecordHead(record)) return null;
  record.stats.cached = true;
  // The groups text is parsed only if the status needs it (errors and no summary): a damaged one counts as no groups.
  const status = statusOf(Object.defineProperty({ ...record }, 'groups', { get: () => groupsOf(text.groups) ?? [] }));
  record.groups = [];
  return { record, status };
}

/** The stores, key paths and index this version reads and writes. */
const SCHEMA = { records: 'key', usage: 'key', meta: null, session: ['tab', 'page'], lists: 'tab' } as const;

/** Whether `db` has exactly the stores this version uses, with their key paths and index. */
function hasSchema(db: IDBPDatabase<CacheSchema>): boolean {
  const names = Object.keys(SCHEMA) as (keyof typeof SCHEMA)[];
  if (db.objectStoreNames.length !== names.length || !names.every((n) => db.objectStoreNames.contains(n))) return false;
  const tx = db.transaction(names);
  return names.every((n) => JSON.stringify(tx.objectStore(n).keyPath) === JSON.stringify(SCHEMA[n])) && tx.objectStore('usage').indexNames.contains('lastUsed');
}

/** The problem a storage error stands for. */
function problemOf(e: unknown): CacheProblem {
  return (e as { name?: unknown } | null)?.name === 'QuotaExceededError' ? 'quota' : 'failed';
}

/** Whether a `lists` entry has the shape this version writes. */
function isSavedList(l: unknown): l is SavedList {
  const o = l as Partial<SavedList> | null;
  return typeof o === 'object' && o !== null && typeof o.tab === 'string' && typeof o.savedAt === 'number';
}

/** Whether a saved list row has the shape this version writes. */
function isSessionRow(r: unknown): r is SessionRow {
  const o = r as Partial<SessionRow> | null;
  return typeof o === 'object' && o !== null && Number.isSafeInteger(o.order) && typeof o.key === 'string' && typeof o.head === 'string' && typeof o.status === 'string';
}

/** Whether a parsed head has the fields the list and the detail view rely on. */
function isRecordHead(r: unknown): r is MetadataRecord {
  const o = r as Partial<MetadataRecord> | null;
  return (
    typeof o === 'object' && o !== null &&
    typeof o.file?.name === 'string' && typeof o.file.size === 'number' &&
    typeof o.format?.id === 'string' && typeof o.format.name === 'string' &&
    Array.isArray(o.summary) && Array.isArray(o.errors) && Array.isArray(o.warnings) &&
    typeof o.stats === 'object' && o.stats !== null
  );
}
