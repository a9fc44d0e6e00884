import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RowStatus } from '../state/row';
import { headText } from '../../workers/record-text';
import { ResultsStore, cacheKey, type SavedRow } from './results-store';
import { LEGACY_LIST } from './open';
import { freshBrowser, record, settle } from '../../testing/idb';
import { QUIET_MS } from './write-queue';

/** A store (a tab) on database `test`, opened. */
async function openStore(): Promise<ResultsStore> {
  const store = new ResultsStore(true, { name: 'test' });
  await store.getGroups([]); // resolves once the database is open
  return store;
}

const raw = () => openDB('test');
const row = (order: number, name: string, path?: string) => ({ order, key: cacheKey(record(name).file), path, record: record(name), status: 'done' as RowStatus });

/** The saved list as loaded: per page yielded, `order:name[:path]` of each row. */
async function load(store: ResultsStore): Promise<string[][]> {
  const pages: SavedRow[][] = [];
  for await (const page of store.loadSession()) pages.push(page);
  return pages.map((p) => p.map((r) => [r.order, r.record.file.name, ...(r.record.file.path ? [r.record.file.path] : [])].join(':')));
}

beforeEach(() => {
  freshBrowser();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('saved list', () => {
  it('merges rows into pages by position, and loads them page by page in order', async () => {
    const store = await openStore();
    await store.putSessionRows([row(150, 'c'), row(0, 'a'), row(1, 'b')]);
    await store.putSessionRows([row(1, 'B', 'dir/B'), row(2, 'd')]);
    const db = await raw();
    const pages = await db.getAll('session');
    expect(pages.map((p) => [p.page, p.rows.map((r: { order: number }) => r.order)])).toEqual([
      [0, [0, 1, 2]],
      [1, [150]],
    ]);
    expect(pages[0].rows[1]).toEqual({ order: 1, key: cacheKey(record('B').file), path: 'dir/B', head: headText(record('B')), status: 'done' });
    expect(await load(store)).toEqual([['0:a', '1:B:dir/B', '2:d'], ['150:c']]);
    db.close();
  });

  it('writes rows saved while the cache is busy only after the records queued before them', async () => {
    const store = await openStore();
    const names = Array.from({ length: 120 }, (_, i) => `f${i}`);
    for (const n of names) store.put(record(n));
    await store.putSessionRows(names.map((n, i) => row(i, n)));
    const db = await raw();
    expect(await db.count('session')).toBe(0);
    vi.advanceTimersByTime(QUIET_MS);
    let listed = false;
    for (let i = 0; i < 2000 && !listed; i++) {
      const tx = db.transaction(['records', 'session']);
      const [records, pages] = await Promise.all([tx.objectStore('records').count(), tx.objectStore('session').count()]);
      if (pages) expect(records).toBe(120);
      listed = pages > 0;
      await settle(1);
    }
    expect(listed).toBe(true);
    db.close();
  });

  it('leaves out damaged rows when loading', async () => {
    const store = await openStore();
    await store.putSessionRows([row(0, 'a')]);
    const db = await raw();
    const [{ tab }] = await db.getAll('lists');
    const good = (order: number, name: string) => ({ order, key: name, head: headText(record(name)), status: 'done' });
    await db.put('session', {
      tab,
      page: 0,
      rows: [good(0, 'a'), { order: 1, key: 'k', head: '{', status: 'done' }, { order: 'x', key: 'x', head: headText(record('x')), status: 'done' }, good(2, 'b')],
    });
    await db.put('session', { tab, page: 1, rows: 'not rows' });
    await db.put('session', { tab, page: 2, rows: [good(200, 'c')] });
    expect(await load(store)).toEqual([['0:a', '2:b'], ['200:c']]);
    db.close();
  });

  it("clears only this tab's list", async () => {
    const [first, second] = [await openStore(), await openStore()];
    await first.putSessionRows([row(0, 'a')]);
    await second.putSessionRows([row(0, 'b')]);
    const db = await raw();
    expect(await db.count('lists')).toBe(2);
    await first.clearSession();
    expect(await db.count('lists')).toBe(1);
    expect(await load(first)).toEqual([]);
    expect(await load(second)).toEqual([['0:b']]);
    db.close();
  });

  it('takes over the newest list no tab holds, and drops free lists beyond the four most recent', async () => {
    const store = await openStore();
    const db = await raw();
    for (let i = 1; i <= 7; i++) {
      await db.put('lists', { tab: `t${i}`, savedAt: i });
      await db.put('session', { tab: `t${i}`, page: 0, rows: [{ order: 0, key: `k${i}`, head: headText(record(`n${i}`)), status: 'done' }] });
    }
    expect(await load(store)).toEqual([['0:n7']]);
    await settle();
    expect((await db.getAll('lists')).map((l) => l.tab).sort()).toEqual(['t3', 't4', 't5', 't6', 't7']);
    expect((await db.getAll('session')).map((p) => p.tab).sort()).toEqual(['t3', 't4', 't5', 't6', 't7']);
    db.close();
  });

  it('takes over the list saved before version 4', async () => {
    const old = await openDB('test', 3, {
      upgrade: (db) => {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('session', { keyPath: 'page' });
        db.createObjectStore('usage', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
        db.createObjectStore('meta');
      },
    });
    await old.put('session', { page: 0, rows: [{ order: 0, key: 'k', path: 'p/a', head: headText(record('a')), status: 'done' }] });
    old.close();
    const store = await openStore();
    expect(await load(store)).toEqual([['0:a:p/a']]);
    const db = await raw();
    expect((await db.getAll('lists')).map((l) => l.tab)).toEqual([LEGACY_LIST]);
    db.close();
  });
});
