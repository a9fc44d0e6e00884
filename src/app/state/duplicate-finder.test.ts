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
import { PARTIAL_EDGE } from '../../duplicates/hash';
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
  const photo = noise(3 * PARTIAL_EDGE + 1, 1);
  const sameEnds = photo.slice();
  sameEnds[PARTIAL_EDGE + 100] ^= 1;
  const items = () => [
    item('a/photo.jpg', photo),
    item('b/photo copy.jpg', photo.slice(), 2),
    item('c/edited.jpg', sameEnds),
    item('c/other.jpg', noise(photo.length, 9)),
    item('d/empty1.txt', new Uint8Array(0)),
    item('d/empty2.txt', new Uint8Array(0)),
    item('e/unique.bin', noise(500, 3)),
  ];

  it('groups identical files, reads only colliding files, and takes the hashes from the cache the second time', async () => {
    const deps = await setup();
    const seen: HashProgress[] = [];
    const groups = await findDuplicates(items(), deps, (p) => seen.push(p));
    expect(paths(groups)).toEqual([
      ['a/photo.jpg', 'b/photo copy.jpg'],
      ['d/empty1.txt', 'd/empty2.txt'],
    ]);
    const last = seen.at(-1)!;
    // Partial hashes of the four same-size files, full hashes of the three whose partial collides.
    expect(last).toEqual({ bytesDone: 4 * 2 * PARTIAL_EDGE + 3 * photo.length, bytesTotal: 4 * 2 * PARTIAL_EDGE + 3 * photo.length, cached: 0, hashed: 7, failed: 0 });
    expect(seen.every((p, i) => i === 0 || p.bytesDone >= seen[i - 1].bytesDone)).toBe(true);

    const again: HashProgress[] = [];
    const cachedGroups = await findDuplicates(items(), deps, (p) => again.push(p));
    expect(paths(cachedGroups)).toEqual(paths(groups));
    expect(again.at(-1)).toEqual({ bytesDone: 0, bytesTotal: 0, cached: 7, hashed: 0, failed: 0 });
  });

  it('never takes from the cache the hash of a file whose key another file shares', async () => {
    const deps = await setup();
    const first = [item('x/same.jpg', photo), item('y/same.jpg', photo.slice())];
    expect(paths(await findDuplicates(first, deps, () => {}))).toEqual([['x/same.jpg', 'y/same.jpg']]);
    // Same names, sizes and dates, other bytes: the keys of the first search, which stored nothing.
    const second = [item('x/same.jpg', photo), item('y/same.jpg', sameEnds)];
    let last: HashProgress | undefined;
    expect(await findDuplicates(second, deps, (p) => (last = p))).toEqual([]);
    expect(last).toMatchObject({ cached: 0, hashed: 4 });
  });

  it('stops with CancelledError when cancelled', async () => {
    const deps = await setup();
    const controller = new AbortController();
    const search = findDuplicates(items(), deps, () => controller.abort(), controller.signal);
    await expect(search).rejects.toBeInstanceOf(CancelledError);
  });
});
