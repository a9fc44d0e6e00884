/**
 * Exact duplicates through the real pool (the worker API in-process: testing/local-worker.ts) and
 * the real cache (ResultsStore on fake-indexeddb): the groups, the bytes read, the hashes taken
 * from the cache on a second search, and cancelling.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, WorkerPool } from '../../workers/pool';
import { LocalWorker } from '../../testing/local-worker';
import { freshBrowser } from '../../testing/idb';
import { ResultsStore, cacheKey } from '../db/results-store';
import { noise } from '../../../scripts/fixtures/zip';
import { PARTIAL_EDGE, WHOLE_READ_MAX } from '../../duplicates/hash';
import { findDuplicates, type HashItem, type HashProgress } from './duplicate-finder';

let pool: WorkerPool | undefined;
beforeEach(freshBrowser);
afterEach(() => pool?.dispose());

let nextId = 1;
/** A list item for a file of `bytes` named `path`'s last part. */
function item(path: string, bytes: Uint8Array, lastModified = 1): HashItem {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], path.split('/').pop()!, { lastModified });
  return { id: nextId++, path, size: file.size, file, key: cacheKey(file) };
}

async function setup() {
  pool = new WorkerPool({ size: 2, factory: () => new LocalWorker() as unknown as Worker });
  const cache = new ResultsStore(true, { name: 'test' });
  return { pool, cache };
}

const paths = (groups: { files: HashItem[] }[]) => groups.map((g) => g.files.map((f) => f.path));

describe('findDuplicates', () => {
  // Past WHOLE_READ_MAX: partial hashes read the head only (up to CHUNK_BYTES), and full hashes are needed.
  const photo = noise(WHOLE_READ_MAX + 3 * PARTIAL_EDGE, 1);
  const sameEnds = photo.slice();
  sameEnds[PARTIAL_EDGE + 100_000] ^= 1;
  // Read whole by the partial hash, which then gives the full hash too.
  const small = noise(200_000, 4);
  const items = () => [
    item('a/photo.jpg', photo),
    item('b/photo copy.jpg', photo.slice(), 2),
    item('c/edited.jpg', sameEnds),
    item('c/other.jpg', noise(photo.length, 9)),
    item('d/empty1.txt', new Uint8Array(0)),
    item('d/empty2.txt', new Uint8Array(0)),
    item('e/unique.bin', noise(500, 3)),
    // A backup: the same name and date, so the same cache key, in another folder.
    item('f/small.jpg', small),
    item('g/small.jpg', small.slice()),
  ];

  it('groups identical files, reads only colliding files, and takes the hashes from the cache the second time', async () => {
    const deps = await setup();
    const seen: HashProgress[] = [];
    const groups = await findDuplicates(items(), deps, (p) => seen.push(p));
    expect(paths(groups)).toEqual([
      ['a/photo.jpg', 'b/photo copy.jpg'],
      ['f/small.jpg', 'g/small.jpg'],
      ['d/empty1.txt', 'd/empty2.txt'],
    ]);
    // Partial hashes: the heads of the four large files of one size, the two small ones whole (and
    // so their full hashes); full hashes: the three large files whose partial hashes collide.
    const bytes = 4 * PARTIAL_EDGE + 2 * small.length + 3 * photo.length;
    expect(seen.at(-1)).toEqual({ bytesDone: bytes, bytesTotal: bytes, cached: 0, hashed: 9, failed: 0 });
    expect(seen.every((p, i) => i === 0 || p.bytesDone >= seen[i - 1].bytesDone)).toBe(true);

    const again: HashProgress[] = [];
    const cachedGroups = await findDuplicates(items(), deps, (p) => again.push(p));
    expect(paths(cachedGroups)).toEqual(paths(groups));
    // Each file's hashes, partial and full, found by its key and path.
    expect(again.at(-1)).toEqual({ bytesDone: 0, bytesTotal: 0, cached: 6, hashed: 0, failed: 0 });
  });

  it('looks each file up in the cache once: the full stage asks it nothing', async () => {
    const { pool, cache } = await setup();
    const asked: number[] = [];
    const counted = { getHashes: (keys: string[]) => (asked.push(keys.length), cache.getHashes(keys)), putHashes: cache.putHashes.bind(cache) };
    expect(paths(await findDuplicates(items(), { pool, cache: counted }, () => {}))).toHaveLength(3);
    // The six files of a shared size but zero (the empty ones are never hashed), in one lookup.
    expect(asked).toEqual([6]);
  });

  it('keeps apart in the cache the hashes of files sharing a key, by path', async () => {
    const deps = await setup();
    const changed = small.slice();
    changed[100_000] ^= 1;
    // Same names, sizes and dates: one cache key, two paths, different bytes.
    const files = () => [item('x/same.jpg', small), item('y/same.jpg', changed)];
    expect(await findDuplicates(files(), deps, () => {})).toEqual([]);
    let last: HashProgress | undefined;
    expect(await findDuplicates(files(), deps, (p) => (last = p))).toEqual([]);
    expect(last).toMatchObject({ cached: 2, hashed: 0 });
  });

  it('stops with CancelledError when cancelled', async () => {
    const deps = await setup();
    const controller = new AbortController();
    const search = findDuplicates(items(), deps, () => controller.abort(), controller.signal);
    await expect(search).rejects.toBeInstanceOf(CancelledError);
  });
});
