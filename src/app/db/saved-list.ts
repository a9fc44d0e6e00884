/**
 * This tab's saved list: the ordered rows the user sees, so a reload shows them again. Stored in
 * `session` pages of SESSION_PAGE positions keyed by [list, page], under a list id each open tab
 * claims for itself (tab-lock.ts), with `lists` saying when each list was last saved. Rows wait
 * for the records queued before them (write-queue.ts), so a saved row's record is always written.
 */
import type { IDBPDatabase } from 'idb';
import type { MetadataRecord } from '../../extractors/types';
import type { RowStatus } from '../state/row';
import { headText } from '../../workers/record-text';
import type { CacheHandle } from './open';
import { headOf, type CachedHead } from './records';
import { byPageOf, isSessionRow, problemOf, type CacheSchema, type SessionPage, type SessionRow } from './schema';
import { claimList, heldLists, type SavedList } from './tab-lock';
import type { WriteQueue } from './write-queue';

/** `session` pages per read or write request (≈500 rows: a few ms of (de)serialising per task). */
const PAGES_PER_REQUEST = 5;
/** Saved lists that no open tab holds are kept up to this many (the most recent). */
const FREE_LISTS_KEPT = 4;

/** A row of the saved list as the queue hands it over (putSessionRows). */
export type SessionInput = { order: number; key: string; path?: string; record: MetadataRecord; status: RowStatus };

/** A row of the saved list: its position, cache key, record head (with the saved path) and status. */
export interface SavedRow extends CachedHead {
  order: number;
  key: string;
}

/** This tab's saved list: writing rows (after their records), loading and clearing it. */
export class SavedListStore {
  /** This tab's saved list id (claimed on first use). */
  private tab: Promise<string> | undefined;
  /** Saved-list rows waiting, with the records, for the cache to be quiet (`put`). */
  private queue: SessionInput[] = [];

  /**
   * @param keep keys of the list on screen, evicted last: this list's keys as last saved or
   *   loaded, plus what the store adds (records stored or hit since)
   * @param records the write queue whose records the rows wait for
   */
  constructor(
    private readonly cache: CacheHandle,
    private readonly keep: Set<string>,
    private readonly records: Pick<WriteQueue, 'idle'>,
  ) {}

  /**
   * Adds or replaces entries of the saved list by position (incremental saves: only rows that
   * changed, so saving during a 10,000-file batch stays cheap); their records are evicted last.
   * While the cache is busy the rows wait, and are written once the records queued before them
   * are (write-queue.ts writeQueued): a page left mid-batch comes back with the list as it was before the batch,
   * never with rows whose records were not written.
   */
  async put(rows: SessionInput[]): Promise<void> {
    for (const r of rows) this.keep.add(r.key);
    if (!this.records.idle) {
      this.queue.push(...rows);
      return;
    }
    const db = await this.cache.db();
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
      this.cache.unavailable(problemOf(e));
    }
  }

  /** Writes the rows that waited for the records (write-queue.ts calls it once they are written). */
  async writeQueued(): Promise<void> {
    const rows = this.queue.splice(0);
    if (rows.length) await this.put(rows);
  }

  /** Drops the rows waiting to be written. */
  drop(): void {
    this.queue = [];
  }

  /**
   * This tab's saved list, in order, a `session` page (SESSION_PAGE rows) at a time (records marked
   * cached, with the saved path, without their groups), read PAGES_PER_REQUEST pages per request.
   * Only the list is read, not the records: reopening 10,000 files reads their heads (≈20% of the
   * records' text); a row's groups are read when it is opened or exported. Rows whose saved head
   * is damaged are left out.
   */
  async *load(): AsyncGenerator<SavedRow[]> {
    const db = await this.cache.db();
    if (!db) return;
    const tab = await this.list();
    this.keep.clear();
    for (let next = 0; ;) {
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

  /** Empties this tab's saved list (the cache keeps its records; other tabs' lists stay). */
  async clear(): Promise<void> {
    this.keep.clear();
    this.queue = [];
    const db = await this.cache.db();
    if (!db) return;
    try {
      const tab = await this.list();
      const tx = db.transaction(['session', 'lists'], 'readwrite');
      await Promise.all([tx.objectStore('session').delete(pagesOf(tab)), tx.objectStore('lists').delete(tab), tx.done]);
    } catch (e) {
      this.cache.unavailable(problemOf(e));
    }
  }

  /**
   * This tab's saved list id: claimed once (its own after a reload, else the newest list no open
   * tab holds, else a new one; tab-lock.ts). Lists no tab holds beyond the FREE_LISTS_KEPT most
   * recent are deleted then.
   */
  private list(): Promise<string> {
    this.tab ??= (async () => {
      const db = await this.cache.db();
      const lists = db ? ((await db.getAll('lists').catch(() => [])) as unknown[]).filter(isSavedList) : [];
      const tab = await claimList(lists);
      if (db) void dropFreeLists(db, tab, lists);
      return tab;
    })();
    return this.tab;
  }
}

/** Deletes the saved lists of closed tabs beyond the FREE_LISTS_KEPT most recent (not `mine`). */
async function dropFreeLists(db: IDBPDatabase<CacheSchema>, mine: string, lists: SavedList[]): Promise<void> {
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

/** Whether a `lists` entry has the shape this version writes. */
function isSavedList(l: unknown): l is SavedList {
  const o = l as Partial<SavedList> | null;
  return typeof o === 'object' && o !== null && typeof o.tab === 'string' && typeof o.savedAt === 'number';
}
