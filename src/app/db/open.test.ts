import { openDB, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { statusOf } from '../../extractors/status';
import { headText, textSize, toRecordText } from '../../workers/record-text';
import { LEGACY_LIST, openCache } from './open';
import { hasSchema, type CacheProblem, type CacheSchema } from './schema';
import { freshBrowser, record } from '../../testing/idb';

beforeEach(freshBrowser);

/** Opens `test` with openCache; the database (null when it could not) and the problems reported. */
async function open(): Promise<{ db: IDBPDatabase<CacheSchema> | null; problems: CacheProblem[] }> {
  const problems: CacheProblem[] = [];
  const db = await openCache('test', (p) => (problems.push(p), null));
  return { db, problems };
}

const STORES = ['hashes', 'lists', 'meta', 'records', 'session', 'usage'];

describe('openCache', () => {
  it('creates the schema in a fresh database', async () => {
    const { db, problems } = await open();
    expect(problems).toEqual([]);
    expect([...db!.objectStoreNames].sort()).toEqual(STORES);
    expect(hasSchema(db!)).toBe(true);
    expect(db!.version).toBe(5);
    db!.close();
  });

  it('deletes and rebuilds a database with other stores', async () => {
    const old = await openDB('test', 4, { upgrade: (db) => (db.createObjectStore('records', { keyPath: 'key' }), db.createObjectStore('other')) });
    await old.put('other', 'kept?', 'k');
    old.close();
    const { db, problems } = await open();
    expect(problems).toEqual([]);
    expect([...db!.objectStoreNames].sort()).toEqual(STORES);
    db!.close();
  });

  it('deletes and rebuilds a database of a newer version', async () => {
    (await openDB('test', 9, { upgrade: (db) => void db.createObjectStore('future') })).close();
    const { db, problems } = await open();
    expect(problems).toEqual([]);
    expect(db!.version).toBe(5);
    expect(hasSchema(db!)).toBe(true);
    db!.close();
  });

  it('runs uncached when a newer tab holds on to the database it must delete', async () => {
    const newer = await openDB('test', 9, { upgrade: (db) => void db.createObjectStore('future') });
    const { db, problems } = await open();
    expect(db).toBeNull();
    expect(problems).toEqual(['blocked']);
    newer.close();
  });

  it('upgrades version 1: records become text, measured, and the list is regrouped under the legacy list', async () => {
    const a = record('a.jpg');
    const b = record('b.jpg', { fields: 3, errors: [{ code: 'truncated', message: 'cut' }] });
    const old = await openDB('test', 1, {
      upgrade: (db) => (db.createObjectStore('records', { keyPath: 'key' }), db.createObjectStore('session', { keyPath: 'order' })),
    });
    await old.put('records', { key: 'ka', record: a, storedAt: 100 });
    await old.put('records', { key: 'kb', record: b, storedAt: 200 });
    await old.put('session', { order: 0, key: 'ka', path: 'dir/a.jpg' });
    await old.put('session', { order: 1, key: 'gone' }); // its record is not cached: dropped
    await old.put('session', { order: 150, key: 'kb' });
    old.close();

    const { db } = await open();
    expect(await db!.get('records', 'ka')).toEqual({ key: 'ka', ...toRecordText(a), storedAt: 100 });
    expect(await db!.getAll('usage')).toEqual([
      { key: 'ka', size: textSize(toRecordText(a)), lastUsed: 100 },
      { key: 'kb', size: textSize(toRecordText(b)), lastUsed: 200 },
    ]);
    expect(await db!.get('meta', 'totals')).toEqual({ bytes: textSize(toRecordText(a)) + textSize(toRecordText(b)), entries: 2 });
    expect(await db!.getAll('session')).toEqual([
      { tab: LEGACY_LIST, page: 0, rows: [{ order: 0, key: 'ka', path: 'dir/a.jpg', head: headText(a), status: 'done' }] },
      { tab: LEGACY_LIST, page: 1, rows: [{ order: 150, key: 'kb', head: headText(b), status: statusOf(b) }] },
    ]);
    expect((await db!.getAll('lists')).map((l) => l.tab)).toEqual([LEGACY_LIST]);
    db!.close();
  });

  it('upgrades version 2 keeping when each record was last used', async () => {
    const a = record('a.jpg');
    const old = await openDB('test', 2, {
      upgrade: (db) => {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('session', { keyPath: 'order' });
        db.createObjectStore('usage', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
        db.createObjectStore('meta');
      },
    });
    await old.put('records', { key: 'ka', record: a, storedAt: 100 });
    await old.put('usage', { key: 'ka', size: 1, lastUsed: 500 });
    old.close();

    const { db } = await open();
    expect(await db!.get('usage', 'ka')).toEqual({ key: 'ka', size: textSize(toRecordText(a)), lastUsed: 500 });
    expect(await db!.get('meta', 'totals')).toEqual({ bytes: textSize(toRecordText(a)), entries: 1 });
    expect(await db!.count('session')).toBe(0);
    expect(await db!.count('lists')).toBe(0);
    db!.close();
  });

  it('upgrades version 3: the pages keyed by number become the legacy list, damaged rows dropped', async () => {
    const row = { order: 3, key: 'ka', head: headText(record('a.jpg')), status: 'done' };
    const old = await openDB('test', 3, {
      upgrade: (db) => {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('session', { keyPath: 'page' });
        db.createObjectStore('usage', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
        db.createObjectStore('meta');
      },
    });
    await old.put('session', { page: 0, rows: [row, { order: 'x', key: 'kb' }] });
    await old.put('session', { page: 1, rows: 'not rows' });
    old.close();

    const { db } = await open();
    expect(await db!.getAll('session')).toEqual([{ tab: LEGACY_LIST, page: 0, rows: [row] }]);
    expect((await db!.getAll('lists')).map((l) => l.tab)).toEqual([LEGACY_LIST]);
    db!.close();
  });

  it('upgrades version 4 keeping its records and saved lists, with an empty hashes store', async () => {
    const text = toRecordText(record('a.jpg'));
    const old = await openDB('test', 4, {
      upgrade: (db) => {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('usage', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
        db.createObjectStore('meta');
        db.createObjectStore('session', { keyPath: ['tab', 'page'] });
        db.createObjectStore('lists', { keyPath: 'tab' });
      },
    });
    await old.put('records', { key: 'ka', ...text, storedAt: 1 });
    await old.put('lists', { tab: 't1', savedAt: 2 });
    old.close();

    const { db, problems } = await open();
    expect(problems).toEqual([]);
    expect(db!.version).toBe(5);
    expect(hasSchema(db!)).toBe(true);
    expect(await db!.get('records', 'ka')).toEqual({ key: 'ka', ...text, storedAt: 1 });
    expect(await db!.getAll('lists')).toEqual([{ tab: 't1', savedAt: 2 }]);
    expect(await db!.count('hashes')).toBe(0);
    db!.close();
  });
});
