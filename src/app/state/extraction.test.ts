/**
 * Extraction's scheduling against the real WorkerPool and the real worker API in-process
 * (src/testing/local-worker.ts): the window of files handed to the pool, every file ending in
 * exactly one event, cancelling waiting, handed and running files, and the pool's own records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { WorkerPool } from '../../workers/pool';
import type { RecordText } from '../../workers/record-text';
import { fits, fitsFile, HangingFile, LocalWorker } from '../../testing/local-worker';
import { Extraction, JOBS_PER_WORKER } from './extraction';

let pool: WorkerPool | undefined;
afterEach(() => pool?.dispose());

/** An Extraction over a real pool of `size` in-process workers, with every event it sends, in order. */
function setUp(size: number, timeoutMs = 10_000) {
  const workers: LocalWorker[] = [];
  pool = new WorkerPool({ size, timeoutMs, factory: () => (workers.push(new LocalWorker()), workers.at(-1) as unknown as Worker) });
  const events: { type: 'progress' | 'finished' | 'cancelled'; id: number; record?: MetadataRecord; text?: RecordText }[] = [];
  let settled = 0;
  let wake: (() => void) | null = null;
  const ended = () => ((settled += 1), wake?.());
  const extraction = new Extraction(pool, {
    progress: (id) => void events.push({ type: 'progress', id }),
    finished: (id, record, text) => (events.push({ type: 'finished', id, record, text }), ended()),
    cancelled: (id) => (events.push({ type: 'cancelled', id }), ended()),
  });
  /** Resolves once `n` files have ended (finished or cancelled). */
  const untilEnded = (n: number) => new Promise<void>((resolve) => (wake = () => settled >= n && resolve())).then(() => undefined);
  return { extraction, events, workers, pool, untilEnded };
}

const objectOf = (record?: MetadataRecord) => record?.summary.find((f) => f.key === 'OBJECT')?.value;
const endsOf = (events: { type: string; id: number }[]) => events.filter((e) => e.type !== 'progress');

describe('Extraction', () => {
  it('hands the pool at most size × JOBS_PER_WORKER files at once, and ends every file once with its own record', async () => {
    const { extraction, events, pool, untilEnded } = setUp(1);
    const n = JOBS_PER_WORKER + 20;
    for (let id = 1; id <= n; id++) extraction.enqueue(id, fitsFile(`m${id}`));
    extraction.pump();
    expect(pool.pending).toBe(JOBS_PER_WORKER);
    expect(extraction.waitingCount).toBe(20);
    await untilEnded(n);
    const ends = endsOf(events);
    expect(ends).toHaveLength(n);
    expect(new Set(ends.map((e) => e.id)).size).toBe(n);
    for (const e of events.filter((x) => x.type === 'finished')) {
      expect(objectOf(e.record)).toBe(`m${e.id}`);
      expect(JSON.parse(e.text!.head).file.name).toBe(`m${e.id}.fits`);
    }
    expect(extraction.size).toBe(0);
  });

  it('drops a cancelled waiting file at once: it never reaches a worker', async () => {
    const { extraction, events, workers, untilEnded } = setUp(1);
    const n = JOBS_PER_WORKER + 2;
    for (let id = 1; id <= n; id++) extraction.enqueue(id, fitsFile(`m${id}`));
    extraction.pump();
    // The window is full and two files wait: of equal size, the first enqueued go last (schedule.ts).
    expect(extraction.waitingCount).toBe(2);
    expect(extraction.cancel(1)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'cancelled', id: 1 }); // at once: it was not at the pool
    await untilEnded(n);
    expect(workers.flatMap((w) => w.received.flat())).not.toContain('m1.fits');
    expect(workers.flatMap((w) => w.received.flat())).toContain('m2.fits');
    expect(endsOf(events).filter((e) => e.id === 1)).toEqual([{ type: 'cancelled', id: 1 }]);
    expect(extraction.cancel(1)).toBe(false);
  });

  it('cancels a running file through the pool (its worker replaced); the other files still finish', async () => {
    const { extraction, events, untilEnded } = setUp(1);
    extraction.enqueue(1, new HangingFile([fits('h')], 'hung.fits'));
    extraction.enqueue(2, fitsFile('after'));
    extraction.pump();
    while (!events.some((e) => e.type === 'progress' && e.id === 1)) await new Promise((r) => setTimeout(r, 5));
    expect(extraction.cancel(1)).toBe(true);
    await untilEnded(2);
    expect(
      endsOf(events)
        .map((e) => [e.type, e.id])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      ['cancelled', 1],
      ['finished', 2],
    ]);
    expect(objectOf(events.find((e) => e.type === 'finished')?.record)).toBe('after');
  });

  it('cancelAll ends every file given, handed or waiting, and nothing finishes after it', async () => {
    const { extraction, events, untilEnded } = setUp(1);
    const n = JOBS_PER_WORKER + 5;
    for (let id = 1; id <= n; id++) extraction.enqueue(id, fitsFile(`m${id}`));
    extraction.pump();
    extraction.cancelAll();
    await untilEnded(n);
    await new Promise((r) => setTimeout(r, 50));
    expect(endsOf(events).every((e) => e.type === 'cancelled')).toBe(true);
    expect(endsOf(events)).toHaveLength(n);
    expect(extraction.size).toBe(0);
    expect(extraction.waitingCount).toBe(0);
  });

  it("passes on the pool's own record for a file over the time limit, without text (so it is not cached)", async () => {
    const { extraction, events, pool, untilEnded } = setUp(1, 200);
    await pool.start(); // warm: the time limit alone applies (pool.ts LOAD_GRACE_MS)
    extraction.enqueue(1, new HangingFile([fits('h')], 'hung.fits'));
    extraction.pump();
    await untilEnded(1);
    const [end] = endsOf(events) as { type: string; record?: MetadataRecord; text?: RecordText }[];
    expect(end.type).toBe('finished');
    expect(end.record?.errors.map((e) => e.code)).toEqual(['timeout']);
    expect(end.text).toBeUndefined();
  });
});
