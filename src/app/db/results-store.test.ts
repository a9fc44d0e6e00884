import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toRecordText } from '../../workers/record-text';
import { ResultsStore, cacheKey } from './results-store';
import { entryKeyPart } from '../../archive/entry';
import { freshBrowser, record, settle } from '../../testing/idb';
import { QUIET_MS } from './write-queue';

/** A store on database `test`, opened. */
async function openStore(options: { budgetBytes?: number } = {}): Promise<ResultsStore> {
  const store = new ResultsStore(true, { name: 'test', ...options });
  await store.getGroups([]); // resolves once the database is open
  return store;
}

/** Lets the cache be quiet long enough to write everything queued. */
async function quiet(): Promise<void> {
  await vi.advanceTimersByTimeAsync(QUIET_MS);
  await settle();
}

const raw = () => openDB('test');
const file = (name: string) => record(name).file;

beforeEach(() => {
  freshBrowser();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('ResultsStore', () => {
  it('finds a record put before it is written, as a head marked cached, and counts hits and misses', async () => {
    const store = await openStore();
    store.put(record('a.jpg'));
    const [hit, miss] = await store.getMany([file('a.jpg'), file('b.jpg')]);
    expect(hit?.record.stats.cached).toBe(true);
    expect(hit?.record.groups).toEqual([]);
    expect(hit?.status).toBe('done');
    expect(miss).toBeUndefined();
    expect(store.stats).toMatchObject({ hits: 1, misses: 1, entries: 0, available: true, problem: null });
    await quiet();
    expect(store.stats).toMatchObject({ entries: 1 });
    expect((await store.getMany([file('a.jpg')]))[0]?.record.file.name).toBe('a.jpg');
  });

  it('does not cache records of timed-out, cancelled or unreadable files', async () => {
    const store = await openStore();
    for (const code of ['timeout', 'aborted', 'read-failed'] as const) store.put(record(code, { errors: [{ code, message: code }] }));
    store.put(record('partial', { errors: [{ code: 'truncated', message: 'cut' }] }));
    const found = await store.getMany(['timeout', 'aborted', 'read-failed', 'partial'].map(file));
    expect(found.map((h) => h?.status)).toEqual([undefined, undefined, undefined, 'partial']);
    await quiet();
    expect(store.stats.entries).toBe(1);
  });

  it("gives a cached head its record's status: with errors, partial when its summary or its stored groups hold something, else error", async () => {
    const store = await openStore();
    const cut = [{ code: 'truncated' as const, message: 'cut' }];
    store.put({ ...record('groups.jpg', { errors: cut }), summary: [] });
    store.put({ ...record('summary.jpg', { errors: cut }), groups: [] });
    store.put({ ...record('nothing.jpg', { errors: cut }), summary: [], groups: [] });
    await quiet();
    const found = await store.getMany(['groups.jpg', 'summary.jpg', 'nothing.jpg'].map(file));
    expect(found.map((h) => h?.status)).toEqual(['partial', 'partial', 'error']);
    expect(found.every((h) => h?.record.groups.length === 0)).toBe(true);
  });

  it('treats a damaged entry as a miss and deletes it with the next flush', async () => {
    const store = await openStore();
    const db = await raw();
    await db.put('records', { key: cacheKey(file('bad.jpg')), head: '{"not":"a record"}', groups: '[]', storedAt: 1 });
    expect(await store.getMany([file('bad.jpg')])).toEqual([undefined]);
    expect(store.stats.misses).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(await db.count('records')).toBe(0);
    db.close();
  });

  it('reads groups by key, and forgets entries whose groups do not parse', async () => {
    const store = await openStore();
    const a = record('a.jpg', { fields: 2 });
    store.put(a);
    await quiet();
    const db = await raw();
    await db.put('records', { key: 'bad', ...toRecordText(record('bad')), groups: '{"x"', storedAt: 1 });
    const groups = await store.getGroups([cacheKey(a.file), 'bad', 'absent']);
    expect([...groups]).toEqual([[cacheKey(a.file), a.groups]]);
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(await db.getAllKeys('records')).toEqual([cacheKey(a.file)]);
    db.close();
  });

  it('reads the groups of a record put and not yet written, and stores one under the key it is given', async () => {
    const store = await openStore();
    const a = record('a.jpg', { fields: 2 });
    const key = cacheKey({ ...a.file, entry: entryKeyPart({ name: 'x.zip', size: 9 }, { path: 'd/a.jpg' }) });
    store.put(a, toRecordText(a), key);
    expect([...(await store.getGroups([key]))]).toEqual([[key, a.groups]]);
    expect(await store.getMany([a.file])).toEqual([undefined]);
    await quiet();
    const db = await raw();
    expect(await db.getAllKeys('records')).toEqual([key]);
    db.close();
  });

  it('empties everything on clear, keeping the counts of lookups', async () => {
    const store = await openStore();
    store.put(record('a.jpg'));
    await store.getMany([file('a.jpg')]);
    await quiet();
    await store.putSessionRows([{ order: 0, key: cacheKey(file('a.jpg')), record: record('a.jpg'), status: 'done' }]);
    store.put(record('b.jpg')); // queued: dropped
    await store.clear();
    await quiet();
    const db = await raw();
    for (const s of ['records', 'usage', 'meta', 'session', 'lists'] as const) expect(await db.count(s)).toBe(0);
    expect(store.stats).toMatchObject({ entries: 0, bytes: 0, hits: 1 });
    db.close();
  });

  it('runs uncached when storage fails, and a successful clear makes it available again', async () => {
    const newer = await openDB('test', 9, { upgrade: (db) => void db.createObjectStore('future') });
    const store = await openStore();
    expect(store.stats).toMatchObject({ available: false, problem: 'blocked' });
    store.put(record('a.jpg'));
    expect(await store.getMany([file('a.jpg')])).toEqual([undefined]);
    newer.close();
    await store.clear();
    expect(store.stats).toMatchObject({ available: true, problem: null });
    store.put(record('a.jpg'));
    await quiet();
    expect(store.stats.entries).toBe(1);
  });

  it('evicts at once when the budget is lowered, and refuses a budget that is not a byte count', async () => {
    const store = await openStore();
    store.put(record('a.jpg'));
    store.put(record('b.jpg'));
    await quiet();
    const one = store.stats.bytes / 2;
    await store.setBudget(one);
    expect(store.stats).toMatchObject({ entries: 1, bytes: one, budget: one });
    expect(store.budgetBytes).toBe(one);
    await expect(store.setBudget(-1)).rejects.toThrow(RangeError);
    expect(() => new ResultsStore(true, { name: 'test', budgetBytes: NaN })).toThrow(RangeError);
  });

  it('keeps content hashes under the records’ keys, merged per key, deleted with their records', async () => {
    const store = await openStore();
    store.put(record('a.jpg'));
    store.put(record('b.jpg'));
    await quiet();
    const [a, b] = [cacheKey(file('a.jpg')), cacheKey(file('b.jpg'))];
    await store.putHashes('xxh3-128', [
      { key: a, path: 'x/a.jpg', hashes: { partial: 'pa' } },
      { key: a, path: 'backup/x/a.jpg', hashes: { partial: 'pa2' } },
      { key: b, path: 'b.jpg', hashes: { partial: 'pb', full: 'fb' } },
    ]);
    await store.putHashes('xxh3-128', [{ key: a, path: 'x/a.jpg', hashes: { full: 'fa' } }]);
    await store.putHashes('other', [{ key: b, path: 'b.jpg', hashes: { partial: 'ob' } }]);
    expect(await store.getHashes([a, b, 'missing'])).toEqual(
      new Map([
        [a, { key: a, algorithm: 'xxh3-128', byPath: { 'x/a.jpg': { partial: 'pa', full: 'fa' }, 'backup/x/a.jpg': { partial: 'pa2' } } }],
        [b, { key: b, algorithm: 'other', byPath: { 'b.jpg': { partial: 'ob' } } }],
      ]),
    );
    // Evicting a.jpg's record (least recently used) takes its hashes.
    await store.setBudget(store.stats.bytes / 2);
    expect([...(await store.getHashes([a, b])).keys()]).toEqual([b]);
    await store.clear();
    expect((await store.getHashes([a, b])).size).toBe(0);
    expect((await raw()).objectStoreNames.contains('hashes')).toBe(true);
  });

  it('stores nothing and misses every lookup when turned off', async () => {
    const store = new ResultsStore(false, { name: 'test' });
    store.put(record('a.jpg'));
    expect(await store.getMany([file('a.jpg')])).toEqual([undefined]);
    expect(store.stats).toMatchObject({ available: false, problem: null, misses: 1 });
    await quiet();
    expect(await indexedDB.databases()).toEqual([]);
  });
});

describe('cacheKey', () => {
  it('keeps plain files’ keys and gives an archive entry a key of its own', () => {
    const plain = cacheKey({ name: 'm31.fits', size: 100, lastModified: 5 });
    expect(plain).toMatch(/^m31\.fits\|100\|5\|[^|]+$/);
    const entry = cacheKey({ name: 'm31.fits', size: 100, lastModified: 5, entry: entryKeyPart({ name: 'a.zip', size: 999 }, { path: 'sky/m31.fits' }) });
    expect(entry.startsWith(`${plain}|`)).toBe(true);
    expect(entry).not.toBe(cacheKey({ name: 'm31.fits', size: 100, lastModified: 5, entry: entryKeyPart({ name: 'a.zip', size: 999 }, { path: 'other/m31.fits' }) }));
    expect(entry).not.toBe(cacheKey({ name: 'm31.fits', size: 100, lastModified: 5, entry: entryKeyPart({ name: 'b.zip', size: 999 }, { path: 'sky/m31.fits' }) }));
  });
});
