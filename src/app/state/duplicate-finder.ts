/**
 * Exact duplicates among the list's files (src/duplicates/group.ts), hashed by the worker pool
 * (WorkerPool.hash) and the hashes cached under the records' keys (ResultsStore `hashes`): a
 * file's stored hash is used instead of reading it again. Kept free of Svelte so it runs in Node
 * tests; duplicates.svelte.ts shows it.
 */
import type { ZipEntry } from '../../archive/zip';
import { HASH_ALGORITHM, bytesToHash, type HashKind } from '../../duplicates/hash';
import { PERCEPTUAL_ALGORITHM } from '../../duplicates/perceptual/choice';
import { findExactDuplicates, type DuplicateGroup } from '../../duplicates/group';
import type { WorkerPool } from '../../workers/pool';
import type { FileHashes, NewHashes, ResultsStore, StoredHashes } from '../db/results-store';

/** A file of the list that can be hashed: its row, where its bytes are, and its cache key. */
export interface HashItem {
  /** Its row in the list. */
  id: number;
  /** Its path in the list (its name when picked alone). */
  path: string;
  size: number;
  /** The file, or the ZIP archive holding `entry`. */
  file: File;
  entry?: ZipEntry;
  /** Its record's cache key (results-store.ts `cacheKey`). */
  key: string;
}

/** How far a search is, in bytes and files. */
export interface HashProgress {
  /** Bytes hashed so far (read by the workers). */
  bytesDone: number;
  /** Bytes the hashes asked for so far will read (it grows when full hashes are asked for). */
  bytesTotal: number;
  /** Hashes taken from the cache. */
  cached: number;
  /** Hashes made by the workers (files read: a file read whole gives its partial and full hashes at once). */
  hashed: number;
  /** Files that could not be hashed (left out of the groups): unreadable, changed on disk. */
  failed: number;
}

/** The cached hashes of `item` among the entries read (by key, then its path), if of HASH_ALGORITHM. */
const storedFor = (stored: Map<string, StoredHashes>, item: HashItem): FileHashes | undefined => {
  const entry = stored.get(item.key);
  return entry?.algorithm === HASH_ALGORITHM ? entry.byPath[item.path] : undefined;
};

/** What a search needs: the pool's hashing and the cache's hashes. */
export interface FinderDeps {
  pool: Pick<WorkerPool, 'hash'>;
  cache: Pick<ResultsStore, 'getHashes' | 'putHashes'>;
}

/**
 * The groups of identical files among `items` (findExactDuplicates), `progress` called as the
 * figures change (after each file, and with each worker progress event of a long full hash).
 * Hashes are looked up in the cache first (by key, then path), once per file: a file's partial
 * and full hashes are read together, so the full stage asks the cache nothing. The new ones are
 * stored there per stage (partial, full), in one transaction each, without waiting for it: the
 * next stage and the groups do not wait on the write (a later search's read waits for it, as
 * IndexedDB orders transactions on one store). A file read whole by its partial hash (up to
 * duplicates/hash.ts WHOLE_READ_MAX) gets its full hash with it, and is not read again.
 * @throws CancelledError (workers/pool.ts) when `signal` fires
 */
export async function findDuplicates(items: readonly HashItem[], { pool, cache }: FinderDeps, progress: (p: HashProgress) => void, signal?: AbortSignal): Promise<DuplicateGroup<HashItem>[]> {
  const figures: HashProgress = { bytesDone: 0, bytesTotal: 0, cached: 0, hashed: 0, failed: 0 };
  const report = () => progress({ ...figures });
  /** This search's hashes of each file, from the cache or the workers. */
  const known = new Map<HashItem, FileHashes>();
  /** Files whose hashes were looked up in the cache (found or not). */
  const lookedUp = new Set<HashItem>();

  const hashFiles = async (files: HashItem[], kind: HashKind): Promise<(string | undefined)[]> => {
    const ask = files.filter((f) => !lookedUp.has(f));
    const stored = ask.length ? await cache.getHashes(ask.map((f) => f.key)) : new Map<string, StoredHashes>();
    for (const f of ask) {
      lookedUp.add(f);
      const hashes = storedFor(stored, f);
      // An entry may hold only a picture's perceptual hash: no content hash found.
      if (hashes?.partial === undefined && hashes?.full === undefined) continue;
      known.set(f, hashes);
      figures.cached += 1;
    }
    const digests = files.map((f) => known.get(f)?.[kind]);
    const misses = files.flatMap((_, i) => (digests[i] === undefined ? [i] : []));
    for (const i of misses) figures.bytesTotal += bytesToHash(kind, files[i].size);
    report();
    const made: NewHashes[] = [];
    await Promise.all(
      misses.map(async (i) => {
        const { file, entry, size, key, path } = files[i];
        let counted = 0;
        const moved = (bytes: number) => {
          figures.bytesDone += bytes - counted;
          counted = bytes;
          report();
        };
        const result = await pool.hash(file, { kind, entry }, signal, (p) => moved(p.bytesRead));
        if ('digest' in result) {
          digests[i] = result.digest;
          const hashes: FileHashes = { [kind]: result.digest, ...(result.full === undefined ? {} : { full: result.full }) };
          known.set(files[i], { ...known.get(files[i]), ...hashes });
          made.push({ key, path, hashes });
          figures.hashed += 1;
        } else figures.failed += 1;
        moved(bytesToHash(kind, size));
      }),
    );
    void cache.putHashes(HASH_ALGORITHM, made);
    return digests;
  };

  return findExactDuplicates(items, hashFiles);
}

/** How far a perceptual-hash stage is, in files. */
export interface PerceptualProgress {
  /** Files to hash (the images searched). */
  total: number;
  /** Files with a hash or an error so far (cached + hashed + unsupported + failed). */
  done: number;
  /** Hashes taken from the cache. */
  cached: number;
  /** Hashes made by the workers. */
  hashed: number;
  /** Files the browser does not decode as images (`unsupported-format`): left out. */
  unsupported: number;
  /** Images that did not decode (`corrupt`) or could not be read: left out. */
  failed: number;
}

/**
 * The perceptual hash (16 hex digits) of each of `items` (images), or undefined for one that has
 * none (counted as `unsupported` or `failed`, never thrown): taken from the cache (by key, then
 * path; a value of another PERCEPTUAL_ALGORITHM is a miss), else made by the pool's workers
 * (`kind: 'perceptual'`, hash-jobs.ts) and stored, in one transaction at the end (also when
 * cancelled). `progress` is called after the cache lookup and after each file.
 * @throws CancelledError (workers/pool.ts) when `signal` fires
 */
export async function perceptualHashes(items: readonly HashItem[], { pool, cache }: FinderDeps, progress: (p: PerceptualProgress) => void, signal?: AbortSignal): Promise<(string | undefined)[]> {
  const figures: PerceptualProgress = { total: items.length, done: 0, cached: 0, hashed: 0, unsupported: 0, failed: 0 };
  const report = () => progress({ ...figures });
  const prefix = `${PERCEPTUAL_ALGORITHM}:`;
  const stored = await cache.getHashes([...new Set(items.map((f) => f.key))]);
  const hashes = items.map((f) => {
    const value = storedFor(stored, f)?.perceptual;
    return value?.startsWith(prefix) ? value.slice(prefix.length) : undefined;
  });
  figures.cached = figures.done = hashes.filter((h) => h !== undefined).length;
  report();
  const fresh: NewHashes[] = [];
  try {
    await Promise.all(
      items.map(async ({ file, entry, key, path }, i) => {
        if (hashes[i] !== undefined) return;
        const result = await pool.hash(file, { kind: 'perceptual', entry }, signal);
        if ('digest' in result) {
          hashes[i] = result.digest;
          fresh.push({ key, path, hashes: { perceptual: prefix + result.digest } });
          figures.hashed += 1;
        } else if (result.error.code === 'unsupported-format') figures.unsupported += 1;
        else figures.failed += 1;
        figures.done += 1;
        report();
      }),
    );
  } finally {
    // Also when cancelled: the pictures hashed so far are not hashed again.
    await cache.putHashes(HASH_ALGORITHM, fresh);
  }
  return hashes;
}
