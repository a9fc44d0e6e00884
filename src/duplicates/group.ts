/**
 * Exact-duplicate grouping: files of one size, then of one partial hash among those, then of one
 * full hash among those (hash.ts), so that only files that still collide are read further. The
 * hashing itself is the caller's (`HashFiles`: the page's workers and cache, or Node in tests).
 */
import { partialCoversAll, type HashKind } from './hash';

/** A set of files with identical bytes, in the order the files were given. */
export interface DuplicateGroup<T> {
  /** Each file's size in bytes. */
  size: number;
  files: T[];
}

/** Bytes a group's extra copies take: its size × (files − 1). */
export const wastedBytes = (g: DuplicateGroup<unknown>): number => g.size * (g.files.length - 1);

/**
 * The `kind` hashes of `files`, in order: each a digest, or undefined for a file that could not be
 * hashed (unreadable, changed on disk: left out of the groups). Called at most once per kind.
 */
export type HashFiles<T> = (files: T[], kind: HashKind) => Promise<(string | undefined)[]>;

/** Groups of two or more items by `keyOf` (items whose key is undefined are left out), in first-seen order. */
function partition<T, K>(items: readonly T[], keyOf: (item: T, i: number) => K | undefined): T[][] {
  const out = new Map<K, T[]>();
  items.forEach((item, i) => {
    const key = keyOf(item, i);
    if (key === undefined) return;
    const group = out.get(key);
    if (group) group.push(item);
    else out.set(key, [item]);
  });
  return [...out.values()].filter((g) => g.length > 1);
}

/** Each group split by one hash of its files, hashed in one `hash` call; groups of one file dropped. */
async function split<T>(groups: T[][], kind: HashKind, hash: HashFiles<T>): Promise<T[][]> {
  const files = groups.flat();
  if (files.length === 0) return [];
  const digests = await hash(files, kind);
  const digestOf = new Map(files.map((f, i) => [f, digests[i]]));
  return groups.flatMap((g) => partition(g, (f) => digestOf.get(f)));
}

/**
 * The groups of identical files among `files` (two or more each), largest wasted space first
 * (`wastedBytes`), then by size. Files are grouped by size; files of a size no other has are
 * never read; the others get a partial hash, and those whose partial hash collides and that are
 * larger than it reads (`partialCoversAll`) a full hash. Zero-byte files make one group without
 * being hashed. A file `hash` gives no digest for is left out. Items are compared by identity:
 * pass each file once.
 */
export async function findExactDuplicates<T extends { size: number }>(files: readonly T[], hash: HashFiles<T>): Promise<DuplicateGroup<T>[]> {
  const bySize = partition(files, (f) => f.size);
  const empty = bySize.filter((g) => g[0].size === 0);
  const partial = await split(
    bySize.filter((g) => g[0].size > 0),
    'partial',
    hash,
  );
  const full = await split(
    partial.filter((g) => !partialCoversAll(g[0].size)),
    'full',
    hash,
  );
  const groups = [...empty, ...partial.filter((g) => partialCoversAll(g[0].size)), ...full].map((g) => ({ size: g[0].size, files: g }));
  return groups.sort((a, b) => wastedBytes(b) - wastedBytes(a) || b.size - a.size);
}
