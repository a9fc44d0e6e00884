/**
 * Opening the cache's database: creating it, upgrading it from versions 1–4, and deleting and
 * rebuilding one this version cannot use (it is only a cache). Every failure is reported, never
 * thrown: the store then runs uncached.
 */
import { deleteDB, openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { MetadataRecord } from '../../extractors/types';
import type { RowStatus } from '../state/row';
import { statusOf } from '../../extractors/status';
import { textSize, toRecordText } from '../../workers/record-text';
import { TOTALS_KEY, byPageOf, hasSchema, isSessionRow, problemOf, type CacheProblem, type CacheSchema, type SessionRow, type Totals } from './schema';

const VERSION = 5;
/** The list id given to a list saved before version 4 (one list for all tabs). */
export const LEGACY_LIST = 'saved-before-v4';

/** What the store's parts share: the database as opened, and where a storage failure goes. */
export interface CacheHandle {
  /** The database; null when the cache is off or storage failed. */
  db(): Promise<IDBPDatabase<CacheSchema> | null>;
  /** Marks the cache unavailable for `problem` (the page shows why); null. */
  unavailable(problem: CacheProblem): null;
}

/**
 * Opens (creating or upgrading) the database; null, after `unavailable`, when it cannot. A
 * database this version cannot use (a newer version, other stores, a failed upgrade) is deleted
 * and created anew, once. `unavailable` is also called later if another tab takes the database
 * away (a newer version, a deletion) or the browser closes it.
 */
export async function openCache(name: string, unavailable: CacheHandle['unavailable']): Promise<IDBPDatabase<CacheSchema> | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const db = await openOnce(name, unavailable);
    if (db !== 'rebuild') return db;
    // Tabs of this version close on `versionchange` (below); a newer one may hold on to it, and
    // the deletion then waits for it: run uncached rather than wait (every lookup awaits `db`).
    const deleted = await new Promise<'deleted' | CacheProblem>((resolve) => {
      deleteDB(name, { blocked: () => resolve('blocked') }).then(
        () => resolve('deleted'),
        () => resolve('failed'),
      );
    });
    if (deleted !== 'deleted') return unavailable(deleted);
  }
  return unavailable('failed');
}

function openOnce(name: string, unavailable: CacheHandle['unavailable']): Promise<IDBPDatabase<CacheSchema> | null | 'rebuild'> {
  return new Promise((resolve) => {
    let gaveUp = false;
    const fail = (problem: CacheProblem) => {
      gaveUp = true;
      resolve(unavailable(problem));
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
        else {
          db.close();
          resolve('rebuild');
        }
      },
      (e: unknown) => {
        if (gaveUp) return;
        resolve(problemOf(e) === 'quota' ? unavailable('quota') : 'rebuild');
      },
    );
  });
}

/**
 * Creates the stores of each version after `oldVersion`. Version 1 had `records` and `session`
 * only; versions 1 and 2 stored records as objects and the list a row per entry: records are
 * rewritten as text and measured into `usage` (last used kept, or when stored) and `meta`, and
 * the list is regrouped into pages. Until version 4 there was one saved list for all tabs: it
 * becomes the list LEGACY_LIST, which the first tab to open takes over. Version 5 adds `hashes`
 * (content hashes for duplicate finding, keyed as the records).
 */
async function upgrade(db: IDBPDatabase<CacheSchema>, oldVersion: number, tx: IDBPTransaction<CacheSchema, StoreNames<CacheSchema>[], 'versionchange'>): Promise<void> {
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
  if (oldVersion < 5) db.createObjectStore('hashes', { keyPath: 'key' });
}
