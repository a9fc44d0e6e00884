/**
 * Exact duplicates through the real pool (the worker API in-process: testing/local-worker.ts) and
 * the real cache (ResultsStore on fake-indexeddb): the groups, the bytes read, the hashes taken
 * from the cache on a second search, and cancelling; the perceptual hashes of pictures, cached the
 * same way, and their typed errors counted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, WorkerPool } from '../../workers/pool';
import { LocalWorker } from '../../testing/local-worker';
import { freshBrowser } from '../../testing/idb';
import { ResultsStore, cacheKey } from '../db/results-store';
import { noise } from '../../../scripts/fixtures/zip';
import { HASH_ALGORITHM, PARTIAL_EDGE, WHOLE_READ_MAX } from '../../duplicates/hash';
import { NEAR_THRESHOLD, PERCEPTUAL_ALGORITHM, perceptualHash } from '../../duplicates/perceptual/choice';
import { toHex } from '../../duplicates/perceptual/hash64';
import type { Pixels } from '../../duplicates/perceptual/pixels';
import { noisy, picture, resized, rgbaPng } from '../../../scripts/fixtures/near-duplicates';
import { findDuplicates, perceptualHashes, type HashItem, type HashProgress, type PerceptualProgress } from './duplicate-finder';
import { similarGroups, similarIndex } from './similar-images';

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

describe('perceptualHashes', () => {
  // A generated scene, a resized copy, a noisier (recompressed-like) copy, and an unrelated page.
  const scene = picture('scene', 5, 320, 240);
  const pictures: Record<string, Pixels> = { 'scene.png': scene, 'small.png': resized(scene, 0.5), 'noisy.png': noisy(scene, 8), 'page.png': picture('text', 6, 320, 240) };
  /**
   * The pool's perceptual hash from the pictures' own pixels (Node has no image decoder, which
   * the worker's perceptualHashOf needs: e2e/duplicates.spec.ts runs that), counting the files it is asked for.
   */
  const pixelPool = () => {
    const asked: string[] = [];
    const hash: WorkerPool['hash'] = async (file, request, signal) => {
      asked.push(file.name);
      expect(request.kind).toBe('perceptual');
      // One after another, and cancelled as the pool's queued jobs are.
      await new Promise((resolve) => setTimeout(resolve, 5 * asked.length));
      if (signal?.aborted) throw new CancelledError('Cancelled');
      return { digest: toHex(perceptualHash(pictures[file.name])) };
    };
    return { asked, pool: { hash } };
  };
  const images = () => Object.keys(pictures).map((name) => item(`pics/${name}`, rgbaPng(pictures[name])));

  it('hashes each picture once, then takes every hash from the cache; similar groups regroup by threshold without hashing', async () => {
    const cache = new ResultsStore(true, { name: 'test' });
    const first = pixelPool();
    const seen: PerceptualProgress[] = [];
    const items = images();
    const hashes = await perceptualHashes(items, { pool: first.pool, cache }, (p) => seen.push(p));
    expect(first.asked.sort()).toEqual(Object.keys(pictures).sort());
    expect(seen.at(-1)).toEqual({ total: 4, done: 4, cached: 0, hashed: 4, unsupported: 0, failed: 0 });
    expect(hashes.every((h) => /^[0-9a-f]{16}$/.test(h!))).toBe(true);

    const again = pixelPool();
    let last: PerceptualProgress | undefined;
    const cached = await perceptualHashes(images(), { pool: again.pool, cache }, (p) => (last = p));
    expect(again.asked).toEqual([]);
    expect(last).toEqual({ total: 4, done: 4, cached: 4, hashed: 0, unsupported: 0, failed: 0 });
    expect(cached).toEqual(hashes);

    const index = similarIndex(items, cached);
    const names = (threshold: number) => similarGroups(index, threshold, []).map((g) => g.files.map((f) => f.path.split('/')[1]).sort());
    expect(names(NEAR_THRESHOLD)).toEqual([['noisy.png', 'scene.png', 'small.png']]);
    // The resized copy (the smallest file, so never first) leaves the group below its distance, and comes back at it.
    const resizedBits = similarGroups(index, NEAR_THRESHOLD, [])[0].files.find((f) => f.path.endsWith('small.png'))!.distance;
    expect(resizedBits).toBeGreaterThan(0);
    expect(names(resizedBits - 1).flat()).not.toContain('small.png');
    expect(names(resizedBits)).toEqual([['noisy.png', 'scene.png', 'small.png']]);
  });

  it('stores the hashes made before a cancel', async () => {
    const cache = new ResultsStore(true, { name: 'test' });
    const controller = new AbortController();
    const search = perceptualHashes(images(), { pool: pixelPool().pool, cache }, (p) => p.hashed === 1 && controller.abort(), controller.signal);
    await expect(search).rejects.toBeInstanceOf(CancelledError);
    let last: PerceptualProgress | undefined;
    await perceptualHashes(images(), { pool: pixelPool().pool, cache }, (p) => (last = p));
    expect(last).toMatchObject({ cached: 1, hashed: 3 });
  });

  it('misses a stored value of another algorithm and rehashes it', async () => {
    const cache = new ResultsStore(true, { name: 'test' });
    const [scenePng] = images();
    await cache.putHashes(HASH_ALGORITHM, [{ key: scenePng.key, path: scenePng.path, hashes: { perceptual: 'dhash-0:0000000000000000' } }]);
    const { asked, pool } = pixelPool();
    const [hash] = await perceptualHashes([scenePng], { pool, cache }, () => {});
    expect(asked).toEqual(['scene.png']);
    expect(hash).toBe(toHex(perceptualHash(scene)));
    expect((await cache.getHashes([scenePng.key])).get(scenePng.key)?.byPath[scenePng.path].perceptual).toBe(`${PERCEPTUAL_ALGORITHM}:${hash}`);
  });

  it('counts files that are not pictures and pictures that do not decode, through the real worker, without failing the search', async () => {
    const deps = await setup();
    // A JPEG cut after its first marker (no image data), and text.
    const broken = item('x/broken.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 4, 1, 2, ...new Array(200).fill(0x55)]));
    const text = item('x/notes.txt', new TextEncoder().encode('not an image\n'.repeat(20)));
    let last: PerceptualProgress | undefined;
    expect(await perceptualHashes([broken, text], deps, (p) => (last = p))).toEqual([undefined, undefined]);
    expect(last).toEqual({ total: 2, done: 2, cached: 0, hashed: 0, unsupported: 1, failed: 1 });
  });
});
