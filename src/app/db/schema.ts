/**
 * What the cache stores, and how to tell it is intact: the shapes of the database `metaextract`'s
 * stores (see results-store.ts for what each holds), the check that a database has exactly them,
 * the shape checks of saved-list rows, and the running totals, recounted when damaged.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { RowStatus } from '../state/row';
import type { RecordText } from '../../workers/record-text';
import type { UsageRow } from './eviction';
import type { SavedList } from './tab-lock';

/**
 * The record as JSON texts (workers/record-text.ts): IndexedDB stores and loads strings far faster
 * than the record's object graph (a structured clone on the main thread), the page parses the
 * groups only when shown, and the texts' length is the entry's size.
 */
export interface StoredRecord extends RecordText {
  key: string;
  /** When it was stored, in ms since the epoch. */
  storedAt: number;
}

/** A row of the saved list as stored in a `session` page. */
export interface SessionRow {
  /** Position in the list. */
  order: number;
  key: string;
  path?: string;
  /** The row's record without its groups (record-text.ts `head`), and its status. */
  head: string;
  status: RowStatus;
}

/** The saved rows of list `tab` whose positions are `page * SESSION_PAGE` up to the next page. */
export interface SessionPage {
  tab: string;
  page: number;
  rows: SessionRow[];
}

/** A file's content hashes (src/duplicates/hash.ts), lower-case hex. */
export interface FileHashes {
  partial?: string;
  full?: string;
  /**
   * An image's perceptual hash (docs/near-duplicates.md), as `PERCEPTUAL_ALGORITHM:` and 16 hex
   * digits (src/duplicates/perceptual/choice.ts): a value of another algorithm is a miss.
   */
  perceptual?: string;
}

/**
 * The content hashes of a cached file version, under its record's key, kept as long as the record
 * (deleted with it), by the file's path in the list: copies kept with their name and date (a
 * backup) share a key but not a path. `algorithm` names the hash (HASH_ALGORITHM): an entry of
 * another is a miss.
 */
export interface StoredHashes {
  key: string;
  algorithm: string;
  byPath: Record<string, FileHashes>;
}

/** The running totals, in `meta` under TOTALS_KEY. */
export interface Totals {
  /** Sum of the `usage` sizes. */
  bytes: number;
  /** Number of entries in `records`. */
  entries: number;
}

/** The stores of the database, with their keys and values. */
export interface CacheSchema extends DBSchema {
  records: { key: string; value: StoredRecord };
  usage: { key: string; value: UsageRow; indexes: { lastUsed: number } };
  meta: { key: string; value: Totals };
  session: { key: [string, number]; value: SessionPage };
  lists: { key: string; value: SavedList };
  hashes: { key: string; value: StoredHashes };
}

/**
 * `quota`: the browser's storage quota for the site is used up; `blocked`: another tab of an
 * older version holds the database open; `failed`: any other storage error (private mode…).
 */
export type CacheProblem = 'quota' | 'blocked' | 'failed';

/** The key of the totals in `meta`. */
export const TOTALS_KEY = 'totals';
/** Positions of the saved list per `session` entry. */
const SESSION_PAGE = 100;
/**
 * The stores whose contents the totals measure, changed together in one transaction, and the
 * records' content hashes, deleted with them (not measured: ≈100 bytes an entry).
 */
export const SIZED_STORES = ['records', 'usage', 'meta', 'hashes'] as const;
/** A read-write transaction over SIZED_STORES. */
export type SizedTx = IDBPTransaction<CacheSchema, (typeof SIZED_STORES)[number][], 'readwrite'>;

/** The stores, key paths and index this version reads and writes. */
const SCHEMA = { records: 'key', usage: 'key', meta: null, session: ['tab', 'page'], lists: 'tab', hashes: 'key' } as const;

/** Whether `db` has exactly the stores this version uses, with their key paths and index. */
export function hasSchema(db: IDBPDatabase<CacheSchema>): boolean {
  const names = Object.keys(SCHEMA) as (keyof typeof SCHEMA)[];
  if (db.objectStoreNames.length !== names.length || !names.every((n) => db.objectStoreNames.contains(n))) return false;
  const tx = db.transaction(names);
  return names.every((n) => JSON.stringify(tx.objectStore(n).keyPath) === JSON.stringify(SCHEMA[n])) && tx.objectStore('usage').indexNames.contains('lastUsed');
}

/** The problem a storage error stands for. */
export function problemOf(e: unknown): CacheProblem {
  return (e as { name?: unknown } | null)?.name === 'QuotaExceededError' ? 'quota' : 'failed';
}

/** Whether a saved list row has the shape this version writes. */
export function isSessionRow(r: unknown): r is SessionRow {
  const o = r as Partial<SessionRow> | null;
  return typeof o === 'object' && o !== null && Number.isSafeInteger(o.order) && typeof o.key === 'string' && typeof o.head === 'string' && typeof o.status === 'string';
}

/** Saved rows grouped by their `session` page. */
export function byPageOf<T extends { order: number }>(rows: T[]): Map<number, T[]> {
  const pages = new Map<number, T[]>();
  for (const r of rows) {
    const page = Math.floor(r.order / SESSION_PAGE);
    let list = pages.get(page);
    if (!list) pages.set(page, (list = []));
    list.push(r);
  }
  return pages;
}

/**
 * The stored totals; recounted from `usage` when they are not plain counts (a damaged or
 * hand-edited database), so the budget keeps being enforced on true sizes.
 */
export async function readTotals(tx: SizedTx): Promise<Totals> {
  const t: Partial<Totals> | undefined = await tx.objectStore('meta').get(TOTALS_KEY);
  if (t && Number.isSafeInteger(t.bytes) && Number.isSafeInteger(t.entries) && t.bytes! >= 0 && t.entries! >= 0) return t as Totals;
  const totals: Totals = { bytes: 0, entries: 0 };
  for (let c = await tx.objectStore('usage').openCursor(); c; c = await c.continue()) {
    totals.bytes += Number.isFinite(c.value.size) ? c.value.size : 0;
    totals.entries += 1;
  }
  return totals;
}
