import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCache } from './open';
import { SIZED_STORES, TOTALS_KEY, byPageOf, hasSchema, isSessionRow, problemOf, readTotals, type CacheSchema } from './schema';
import { freshBrowser } from '../../testing/idb';

beforeEach(freshBrowser);

describe('schema', () => {
  it('recounts totals that are not plain counts from usage', async () => {
    const db = (await openCache('test', () => null))!;
    await db.put('usage', { key: 'a', size: 10, lastUsed: 1 });
    await db.put('usage', { key: 'b', size: 32, lastUsed: 2 });
    await db.put('usage', { key: 'c', size: NaN, lastUsed: 3 });
    const totals = async () => readTotals(db.transaction([...SIZED_STORES], 'readwrite'));
    await db.put('meta', { bytes: 5, entries: 1 }, TOTALS_KEY);
    expect(await totals()).toEqual({ bytes: 5, entries: 1 }); // plain counts are trusted
    for (const damaged of [{ bytes: -1, entries: 1 }, { bytes: 1.5, entries: 1 }, { bytes: '5', entries: 1 }, { entries: 3 }]) {
      await db.put('meta', damaged as never, TOTALS_KEY);
      expect(await totals()).toEqual({ bytes: 42, entries: 3 });
    }
    await db.delete('meta', TOTALS_KEY);
    expect(await totals()).toEqual({ bytes: 42, entries: 3 });
    db.close();
  });

  it('tells a store with another key path from the schema', async () => {
    const db = await openDB<CacheSchema>('test', 1, {
      upgrade: (db) => {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('usage', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
        db.createObjectStore('meta');
        db.createObjectStore('session', { keyPath: 'page' } as never);
        db.createObjectStore('lists', { keyPath: 'tab' });
        db.createObjectStore('hashes', { keyPath: 'key' });
      },
    });
    expect(hasSchema(db)).toBe(false);
    db.close();
  });

  it('groups rows by page of 100 positions', () => {
    const pages = byPageOf([{ order: 0 }, { order: 99 }, { order: 100 }, { order: 250 }]);
    expect([...pages]).toEqual([
      [0, [{ order: 0 }, { order: 99 }]],
      [1, [{ order: 100 }]],
      [2, [{ order: 250 }]],
    ]);
  });

  it('checks saved rows and storage errors', () => {
    expect(isSessionRow({ order: 1, key: 'k', head: '{}', status: 'done' })).toBe(true);
    expect(isSessionRow({ order: 1.5, key: 'k', head: '{}', status: 'done' })).toBe(false);
    expect(isSessionRow({ order: 1, key: 'k', status: 'done' })).toBe(false);
    expect(isSessionRow(null)).toBe(false);
    expect(problemOf(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
    expect(problemOf(new Error('other'))).toBe('failed');
    expect(problemOf(null)).toBe('failed');
  });
});
