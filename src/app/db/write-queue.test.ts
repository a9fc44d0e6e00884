import type { IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textSize, toRecordText, type RecordText } from '../../workers/record-text';
import { openCache, type CacheHandle } from './open';
import type { CacheProblem, CacheSchema } from './schema';
import { freshBrowser, record, settle } from '../../testing/idb';
import { QUIET_MS, WRITE_PAGE, WriteQueue } from './write-queue';

const text = (name: string, fields = 1): RecordText => toRecordText(record(name, { fields }));

/** A write queue over a fresh database; `budget` and `keep` may be changed by the test. */
function setup() {
  const problems: CacheProblem[] = [];
  const cache: CacheHandle = { db: () => db, unavailable: (p) => (problems.push(p), null) };
  const db: Promise<IDBPDatabase<CacheSchema> | null> = openCache('test', cache.unavailable);
  const state = { budget: 1e9, keep: new Set<string>(), afterRecords: [] as string[][] };
  const queue = new WriteQueue(cache, {
    budget: () => state.budget,
    keep: state.keep,
    changed: () => {},
    // What the records written by then are, each time what waits for them is run.
    afterRecords: async () => void state.afterRecords.push(await stored()),
  });
  const stored = async () => (await (await db)!.getAllKeys('records')).sort();
  const usage = async (key: string) => (await db)!.get('usage', key);
  return { queue, db, state, problems, stored, usage };
}

beforeEach(() => {
  freshBrowser();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('WriteQueue', () => {
  it('finds a queued record before it is written, and writes only once the cache is quiet', async () => {
    const { queue, stored } = setup();
    queue.add('a', text('a'));
    expect(queue.queued('a')).toMatchObject(text('a'));
    await vi.advanceTimersByTimeAsync(QUIET_MS - 100);
    queue.add('b', text('b'));
    await vi.advanceTimersByTimeAsync(QUIET_MS - 100); // QUIET_MS since `a`, not since `b`
    queue.busy(); // a lookup
    await vi.advanceTimersByTimeAsync(QUIET_MS - 100);
    await settle();
    expect(await stored()).toEqual([]);
    expect(queue.idle).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(await stored()).toEqual(['a', 'b']);
    expect(queue.queued('a')).toBeUndefined();
    expect(queue.idle).toBe(true);
    expect(queue.totals).toEqual({ bytes: textSize(text('a')) + textSize(text('b')), entries: 2 });
  });

  it('writes WRITE_PAGE records per transaction, and what waits for them after the last', async () => {
    const { queue, stored, state } = setup();
    const keys = Array.from({ length: 120 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    for (const k of keys) queue.add(k, text(k));
    await settle();
    vi.advanceTimersByTime(QUIET_MS); // the first flush takes its page at once
    expect(keys.filter((k) => queue.queued(k)).length).toBe(120 - WRITE_PAGE);
    await settle();
    expect(await stored()).toEqual(keys);
    expect(queue.totals.entries).toBe(120);
    expect(state.afterRecords).toEqual([keys]);
  });

  it('stops writing when the cache gets busy again, and runs what waits only once all is written', async () => {
    const { queue, stored, state } = setup();
    const keys = Array.from({ length: 120 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    for (const k of keys) queue.add(k, text(k));
    vi.advanceTimersByTime(QUIET_MS);
    queue.add('later', text('later')); // busy again while the first page is written
    await settle();
    expect((await stored()).length).toBe(WRITE_PAGE);
    expect(state.afterRecords).toEqual([]);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    expect(state.afterRecords).toEqual([[...keys, 'later']]);
  });

  it("sets a hit's lastUsed only where it is newer, on entries still there", async () => {
    const { queue, usage } = setup();
    vi.setSystemTime(1000);
    queue.add('a', text('a'));
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    expect((await usage('a'))?.lastUsed).toBe(1000);
    queue.hit('a', 5000);
    queue.hit('gone', 5000);
    queue.busy();
    queue.forget('damaged'); // a flush while busy: hits still wait
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect((await usage('a'))?.lastUsed).toBe(1000);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    expect((await usage('a'))?.lastUsed).toBe(5000);
    expect(await usage('gone')).toBeUndefined();
    queue.hit('a', 2000);
    queue.busy();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    expect((await usage('a'))?.lastUsed).toBe(5000);
  });

  it('does not store a record larger than the whole budget', async () => {
    const { queue, stored, state } = setup();
    state.budget = textSize(text('small')) + 10;
    vi.setSystemTime(1000);
    queue.add('small', text('small'));
    vi.setSystemTime(2000); // stored, it would be the last evicted, after `small`
    queue.add('big', text('big', 50));
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    expect(await stored()).toEqual(['small']);
    expect(queue.totals).toEqual({ bytes: textSize(text('small')), entries: 1 });
  });

  it("evicts least recently used entries past the budget, the list on screen's last", async () => {
    const { queue, stored, state } = setup();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) {
      vi.setSystemTime(1000 + i);
      queue.add(k, text(k));
    }
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    const size = textSize(text('a'));
    state.keep.add('a');
    state.budget = 2 * size;
    await queue.write();
    expect(await stored()).toEqual(['a', 'd']);
    expect(queue.totals).toEqual({ bytes: 2 * size, entries: 2 });
  });

  it('deletes a damaged entry with the next flush, even while the cache is busy', async () => {
    const { queue, db, stored, usage } = setup();
    queue.add('x', text('x'));
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await settle();
    await (await db)!.put('records', { key: 'x', head: '{', groups: '[]', storedAt: 1 });
    queue.add('y', text('y')); // busy: `y` waits
    queue.forget('x');
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(await stored()).toEqual([]);
    expect(await usage('x')).toBeUndefined();
    expect(queue.totals).toEqual({ bytes: 0, entries: 0 });
    expect(queue.queued('y')).toBeDefined();
  });
});
