/**
 * The pool's batching, per-file watchdog, cancel and crash handling, with the real worker API
 * (createWorkerApi: real detection and extraction of real FITS bytes) running in-process behind a
 * Worker-shaped endpoint (src/testing/local-worker.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, MAX_LOAD_FAILURES, WorkerPool } from './pool';
import { fits, fitsFile, HangingFile, LocalWorker, SlowFile } from '../testing/local-worker';
import { tarBytes } from '../../scripts/fixtures/tar';
import type { StreamedEntry } from './worker-api';
import { xxhash128 } from 'hash-wasm';
import { noise, zipBytes } from '../../scripts/fixtures/zip';
import { listZip } from '../archive/zip';
import { BytesSource } from '../extractors/source/bytes-source';
import { CHUNK_BYTES, partialHash } from '../duplicates/hash';

let pool: WorkerPool | undefined;
afterEach(() => pool?.dispose());

/** `loads(i)`: whether the i-th worker made (from 0) loads its script; all do by default. */
function makePool({ warmDelayMs, loads = () => true, ...options }: { size?: number; timeoutMs?: number; maxBatch?: number; warmDelayMs?: number; loads?: (i: number) => boolean } = {}) {
  const workers: LocalWorker[] = [];
  pool = new WorkerPool({ ...options, factory: () => (workers.push(new LocalWorker(warmDelayMs, loads(workers.length))), workers.at(-1) as unknown as Worker) });
  return { pool, workers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `promise`'s value, or 'still waiting' after `ms`. */
const within = <T>(ms: number, promise: Promise<T>) => Promise.race([promise, sleep(ms).then(() => 'still waiting' as const)]);

const objectOf = (record: { summary: { key: string; value: unknown }[] }) => record.summary.find((f) => f.key === 'OBJECT')?.value;

describe('WorkerPool', () => {
  it('sends queued files in batches of at most maxBatch and resolves each with its own record', async () => {
    const { pool, workers } = makePool({ size: 2, maxBatch: 4 });
    const names = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const results = await Promise.all(names.map((n) => pool.run(fitsFile(n), { path: `night/${n}.fits` })));
    expect(results.map((r) => objectOf(r.record))).toEqual(names);
    expect(results.every((r) => r.record.errors.length === 0 && r.record.file.path?.startsWith('night/'))).toBe(true);
    expect(results.every((r) => r.text && JSON.parse(r.text.head).file.name === r.record.file.name)).toBe(true);
    const batches = workers.flatMap((w) => w.batches);
    expect(workers).toHaveLength(2);
    expect(batches.length).toBeLessThan(names.length);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    expect(batches.flat().sort()).toEqual(names.map((n) => `${n}.fits`).sort());
  });

  it('start() spawns every worker at once and resolves when each has loaded all extractors', async () => {
    const { pool, workers } = makePool({ size: 2, warmDelayMs: 200 });
    const t0 = performance.now();
    expect(await pool.start()).toEqual([]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(workers).toHaveLength(2);
    // Warm workers are the ones that extract: no new worker for the next files.
    const results = await Promise.all(['x', 'y', 'z'].map((n) => pool.run(fitsFile(n))));
    expect(results.map((r) => objectOf(r.record))).toEqual(['x', 'y', 'z']);
    expect(workers).toHaveLength(2);
  });

  it('files added before start() warm every worker side by side, not one after another', async () => {
    const { pool, workers } = makePool({ size: 2, warmDelayMs: 300 });
    const t0 = performance.now();
    const runs = ['a', 'b', 'c', 'd'].map((n) => pool.run(fitsFile(n)));
    await new Promise((r) => setTimeout(r, 50));
    expect(workers).toHaveLength(2);
    await Promise.all(runs);
    expect(workers.every((w) => w.batches.length > 0)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2 * 300);
  });

  it('start() resolves even when a worker crashes while warming', async () => {
    const { pool, workers } = makePool({ size: 2, warmDelayMs: 300 });
    const started = pool.start();
    workers[0].crash('chunk failed to load');
    expect(await started).toEqual([]);
    const { record } = await pool.run(fitsFile('after'));
    expect(objectOf(record)).toBe('after');
  });

  it('sends a file to a worker as soon as its script has loaded, before its warm-up is over', async () => {
    const { pool, workers } = makePool({ size: 1, warmDelayMs: 500 });
    const run = pool.run(fitsFile('early'));
    await sleep(100);
    expect(workers[0].received).toEqual([['early.fits']]);
    expect(objectOf((await run).record)).toBe('early');
  });

  it("does not count a worker's warm-up against its first file's time limit", async () => {
    const { pool } = makePool({ size: 1, timeoutMs: 200, warmDelayMs: 500 });
    const { record } = await pool.run(fitsFile('late'));
    expect(record.errors).toEqual([]);
    expect(objectOf(record)).toBe('late');
  });

  it('times out a hung file, replaces its worker, and finishes the rest of its batch', async () => {
    const { pool, workers } = makePool({ size: 1, timeoutMs: 300, maxBatch: 8 });
    const files = [fitsFile('a'), new HangingFile([fits('h')], 'hung.fits'), fitsFile('b'), fitsFile('c')];
    const results = await Promise.all(files.map((f) => pool.run(f)));
    expect(results[1].record.errors[0].code).toBe('timeout');
    expect(results[1].text).toBeUndefined();
    expect([0, 2, 3].map((i) => objectOf(results[i].record))).toEqual(['a', 'b', 'c']);
    expect(workers).toHaveLength(2);
    expect(workers[0].batches).toEqual([['a.fits', 'hung.fits', 'b.fits', 'c.fits']]);
    expect(workers[1].batches).toEqual([['b.fits', 'c.fits']]);
  });

  it('cancels a queued file, skips a cancelled file later in a running batch, and replaces the worker of a cancelled running file', async () => {
    const { pool, workers } = makePool({ size: 1, maxBatch: 3 });
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const files = [new HangingFile([fits('h')], 'hung.fits'), fitsFile('a'), fitsFile('b'), fitsFile('c'), fitsFile('d')];
    const runs = files.map((f, i) =>
      pool.run(f, {}, controllers[i].signal).then(
        (r) => objectOf(r.record),
        (e) => e,
      ),
    );
    await new Promise((r) => setTimeout(r, 50)); // batch [hung, a, b] is running; c and d are queued
    controllers[2].abort(); // b: in the running batch, not started
    controllers[4].abort(); // d: queued
    controllers[0].abort(); // hung: running
    const out = await Promise.all(runs);
    expect(out[0]).toBeInstanceOf(CancelledError);
    expect(out[2]).toBeInstanceOf(CancelledError);
    expect(out[4]).toBeInstanceOf(CancelledError);
    expect([out[1], out[3]]).toEqual(['a', 'c']);
    expect(workers[0].batches).toEqual([['hung.fits', 'a.fits', 'b.fits']]);
    expect(workers.flatMap((w) => w.extracted)).toEqual(['a.fits', 'c.fits']);
    expect(pool.pending).toBe(0);
  });

  it('ends waiting files with one internal error and tells once when no worker can load, instead of replacing workers for ever', async () => {
    const { pool, workers } = makePool({ size: 2, loads: () => false });
    const heard: string[] = [];
    pool.onUnavailable((message) => heard.push(message));
    const results = await within(2000, Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => pool.run(fitsFile(n)))));
    expect(results).not.toBe('still waiting');
    const message = `The extraction worker could not be loaded (error), ${MAX_LOAD_FAILURES} times in a row: files are not being read. Reload the page to try again.`;
    for (const { record, text } of results as Awaited<ReturnType<WorkerPool['run']>>[]) {
      expect(record.errors).toEqual([{ code: 'internal', message }]);
      expect(text).toBeUndefined();
    }
    expect(heard).toEqual([message]);
    expect(pool.unavailable).toBe(message);
    // The workers already started when the pool gave up still fail; none is started after them.
    const made = workers.length;
    expect(made).toBeLessThanOrEqual(2 + MAX_LOAD_FAILURES - 1);
    await sleep(100);
    expect(workers).toHaveLength(made);
    // A file added later ends at once, without a new worker or a second notice.
    const later = await within(500, pool.run(fitsFile('late')));
    expect(later).not.toBe('still waiting');
    expect((later as Awaited<ReturnType<WorkerPool['run']>>).record.errors).toEqual([{ code: 'internal', message }]);
    expect(workers).toHaveLength(made);
    expect(heard).toHaveLength(1);
    expect(pool.pending).toBe(0);
  });

  it('start() ends when no worker can load, the pool then unavailable', async () => {
    const { pool, workers } = makePool({ size: 2, loads: () => false });
    const heard: string[] = [];
    pool.onUnavailable((message) => heard.push(message));
    expect(await within(2000, pool.start())).toEqual([]);
    expect(pool.unavailable).toMatch(/could not be loaded/);
    expect(heard).toHaveLength(1);
    expect(workers.length).toBeLessThanOrEqual(2 + MAX_LOAD_FAILURES - 1);
  });

  it('replaces workers that failed to load while fewer than MAX_LOAD_FAILURES did in a row', async () => {
    const { pool, workers } = makePool({ size: 1, loads: (i) => i >= MAX_LOAD_FAILURES - 1 });
    const heard: string[] = [];
    pool.onUnavailable((message) => heard.push(message));
    expect(await pool.start()).toEqual([]);
    const results = await Promise.all(['a', 'b'].map((n) => pool.run(fitsFile(n))));
    expect(results.map((r) => objectOf(r.record))).toEqual(['a', 'b']);
    expect(workers).toHaveLength(MAX_LOAD_FAILURES);
    expect(heard).toEqual([]);
    expect(pool.unavailable).toBeNull();
  });

  it('marks the running file internal when its worker crashes, and goes on with a new worker', async () => {
    const { pool, workers } = makePool({ size: 1, maxBatch: 8 });
    const files = [new HangingFile([fits('h')], 'hung.fits'), fitsFile('a')];
    const runs = files.map((f) => pool.run(f));
    await new Promise((r) => setTimeout(r, 50));
    workers[0].crash('out of memory');
    const [crashed, a] = await Promise.all(runs);
    expect(crashed.record.errors[0]).toMatchObject({ code: 'internal' });
    expect(crashed.record.errors[0].message).toContain('out of memory');
    expect(objectOf(a.record)).toBe('a');
    expect(workers).toHaveLength(2);
  });

  describe('an archive read in one pass', () => {
    /** A plain tar of `n` FITS files, 2 KiB pieces of it handed out 40 ms apart. */
    const slowTar = (n: number, stallAfter?: number) =>
      new SlowFile(tarBytes(Array.from({ length: n }, (_, i) => ({ name: `sky/m${i}.fits`, data: fits(`m${i}`) }))) as Uint8Array<ArrayBuffer>, 'sky.tar', { chunk: 2048, delayMs: 40, stallAfter });

    it('is not stopped by the time limit while it moves on, and its entries come as they are read', async () => {
      const { pool } = makePool({ size: 1, timeoutMs: 300 });
      await pool.start(); // warm: no load grace on the limit
      const file = slowTar(16);
      const heard: StreamedEntry[][] = [];
      const t0 = performance.now();
      const { record } = await pool.run(file, {}, undefined, undefined, (entries) => heard.push(entries));
      // 16 × (512 + 2880) bytes: 27 pieces 40 ms apart, over three times the 300 ms limit.
      expect(performance.now() - t0).toBeGreaterThan(900);
      expect(record.format.id).toBe('tar');
      expect(record.errors).toEqual([]);
      expect(heard.length).toBeGreaterThan(1);
      expect(heard.flat().map((e) => e.path)).toEqual(Array.from({ length: 16 }, (_, i) => `sky/m${i}.fits`));
      expect(heard.flat().map((e) => objectOf(JSON.parse(e.text.head)))).toEqual(Array.from({ length: 16 }, (_, i) => `m${i}`));
    });

    it('is stopped when its progress stands still for the time limit, keeping the entries it sent', async () => {
      const { pool, workers } = makePool({ size: 1, timeoutMs: 300 });
      await pool.start();
      const heard: StreamedEntry[] = [];
      const { record, text } = await pool.run(slowTar(8, 6), {}, undefined, undefined, (entries) => heard.push(...entries));
      expect(record.errors[0]).toMatchObject({ code: 'timeout' });
      expect(record.errors[0].message).toMatch(/No progress within 0 s while reading the archive/);
      expect(text).toBeUndefined();
      expect(heard.map((e) => e.path)).toEqual(['sky/m0.fits', 'sky/m1.fits', 'sky/m2.fits']);
      expect(workers[0].closed).toBe(true);
    });

    it('hands the rest of its batch to other workers instead of keeping them waiting', async () => {
      const { pool } = makePool({ size: 2, maxBatch: 16 });
      const order: string[] = [];
      const runs = [pool.run(slowTar(8)), pool.run(fitsFile('a')), pool.run(fitsFile('b'))].map((r) => r.then(({ record }) => order.push(record.file.name)));
      await Promise.all(runs);
      expect(order).toEqual(['b.fits', 'a.fits', 'sky.tar']);
    });
  });
});

/**
 * A File whose range reads (`slice(…).arrayBuffer()`) each take `delayMs`, as a slow disk's, and
 * never settle after the first `stallAfter`.
 */
class PacedFile extends File {
  private reads = 0;
  constructor(
    bytes: Uint8Array,
    name: string,
    private readonly pace: { delayMs: number; stallAfter?: number },
  ) {
    super([bytes as Uint8Array<ArrayBuffer>], name, { lastModified: 1 });
  }
  override slice(start?: number, end?: number): Blob {
    const part = super.slice(start, end);
    const read = async () => {
      await sleep(this.pace.delayMs);
      if (++this.reads > (this.pace.stallAfter ?? Infinity)) return new Promise<ArrayBuffer>(() => {});
      return part.arrayBuffer();
    };
    return Object.assign(Object.create(part) as Blob, { arrayBuffer: read });
  }
}

describe('WorkerPool hashing', () => {
  it('hashes files and ZIP entries in batches of their own, beside extraction', async () => {
    const { pool, workers } = makePool({ size: 1, maxBatch: 16 });
    const big = noise(3 * 1024 * 1024, 5);
    const zip = zipBytes([
      { name: 'stored.bin', data: big, method: 0 },
      { name: 'deflated.txt', data: new TextEncoder().encode('same bytes '.repeat(30_000)), method: 8 },
    ]);
    const zipFile = new File([zip as Uint8Array<ArrayBuffer>], 'a.zip', { lastModified: 1 });
    const { entries } = await listZip(new BytesSource(zip));
    const [extracted, full, partial, stored, deflated] = await Promise.all([
      pool.run(fitsFile('x')),
      pool.hash(new File([big as Uint8Array<ArrayBuffer>], 'big.bin'), { kind: 'full' }),
      pool.hash(new File([big as Uint8Array<ArrayBuffer>], 'big.bin'), { kind: 'partial' }),
      pool.hash(zipFile, { kind: 'full', entry: entries[0] }),
      pool.hash(zipFile, { kind: 'full', entry: entries[1] }),
    ]);
    expect(objectOf(extracted.record)).toBe('x');
    expect(full).toEqual({ digest: await xxhash128(big) });
    expect(stored).toEqual(full);
    expect(partial).toEqual({ digest: (await partialHash(new BytesSource(big))).partial });
    expect(deflated).toEqual({ digest: await xxhash128('same bytes '.repeat(30_000)) });
    expect(workers[0].batches).toEqual([['x.fits']]);
    expect(workers[0].hashBatches.flat()).toEqual(['big.bin', 'big.bin', 'a.zip', 'a.zip']);
  });

  it('ends an unreadable file with its error, and rejects a cancelled hash', async () => {
    const { pool } = makePool({ size: 1 });
    const shrunk = Object.defineProperty(new File([new Uint8Array(10)], 'gone.bin'), 'size', { value: 100 });
    expect(await pool.hash(shrunk, { kind: 'full' })).toMatchObject({ error: { code: 'read-failed' } });
    const controller = new AbortController();
    const hashing = pool.hash(new PacedFile(noise(9 * 1024 * 1024), 'slow.bin', { delayMs: 100 }), { kind: 'full' }, controller.signal);
    setTimeout(() => controller.abort(), 150);
    await expect(hashing).rejects.toBeInstanceOf(CancelledError);
  });

  it('gives a full hash a time limit on standing still, not on its whole length, with progress in bytes', async () => {
    const { pool } = makePool({ size: 1, timeoutMs: 300 });
    await pool.start();
    const bytes = noise(3 * CHUNK_BYTES + 5, 8);
    const progress: number[] = [];
    const moving = await pool.hash(new PacedFile(bytes, 'moving.bin', { delayMs: 150 }), { kind: 'full' }, undefined, (p) => progress.push(p.bytesRead));
    expect(moving).toEqual({ digest: await xxhash128(bytes) });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((b, i) => i === 0 || b >= progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBeGreaterThan(0);
    const stalled = await pool.hash(new PacedFile(bytes, 'stalled.bin', { delayMs: 150, stallAfter: 1 }), { kind: 'full' });
    expect(stalled).toMatchObject({ error: { code: 'timeout' } });
  });
});
