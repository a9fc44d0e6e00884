/**
 * Similar images among the list's pictures: their perceptual hashes (duplicate-finder.ts
 * `perceptualHashes`) grouped within a Hamming distance (src/duplicates/perceptual/groups.ts
 * `nearGroups`), with the exact duplicates among them marked as such. Packed once per search, so
 * a new threshold regroups without hashing again (docs/near-duplicates.md: 100,000 hashes in
 * ≈ 0.1 s). Kept free of Svelte so it runs in Node tests.
 */
import { nearGroups, packHashes, packedDistance } from '../../duplicates/perceptual/groups';
import type { DuplicateGroup } from '../../duplicates/group';
import type { HashItem } from './duplicate-finder';

/** The hashed images of a search, packed for `nearGroups`. */
export interface SimilarIndex {
  /** The images that have a hash, in list order. */
  items: HashItem[];
  packed: Uint32Array;
}

/** A file of a similar-image group. */
interface SimilarFile extends HashItem {
  /** Hamming distance of its perceptual hash to the group's first file's (0–64 bits): the largest file, likely the original. */
  distance: number;
  /** The row id of an earlier file of the group with the same bytes (an exact duplicate of it), if any. */
  identicalTo?: number;
}

/** A group of similar images, largest file first (the likely original; files of one size in list order). */
export interface SimilarGroup {
  files: SimilarFile[];
}

/** The index of `items`' hashes (`hashes[i]` is item i's, 16 hex digits, or undefined: left out). */
export function similarIndex(items: readonly HashItem[], hashes: readonly (string | undefined)[]): SimilarIndex {
  const hashed = items.flatMap((item, i) => (hashes[i] === undefined ? [] : [{ item, hash: hashes[i] }]));
  return { items: hashed.map((h) => h.item), packed: packHashes(hashed.map((h) => h.hash)) };
}

/**
 * The groups of images within `threshold` bits of one another (connected: nearGroups), largest
 * file first, each file with its distance to the first and, for a byte-identical copy of an
 * earlier file of the group (one of the `exact` groups), that file's id. A group whose files are
 * all copies of one file is left out: it is an exact group already, shown as one.
 */
export function similarGroups({ items, packed }: SimilarIndex, threshold: number, exact: readonly DuplicateGroup<HashItem>[]): SimilarGroup[] {
  const exactOf = new Map<number, number>();
  exact.forEach((g, i) => g.files.forEach((f) => exactOf.set(f.id, i)));
  return nearGroups(packed, threshold).flatMap(({ members }) => {
    // Array.prototype.sort is stable (ECMA-262 §23.1.3.30): members of one size stay in list order.
    const order = [...members].sort((a, b) => items[b].size - items[a].size);
    /** The first file of the group from each exact group. */
    const firsts = new Map<number, number>();
    const files = order.map((m): SimilarFile => {
      const item = items[m];
      const bits = packedDistance(packed, order[0], m);
      const copyOf = exactOf.get(item.id);
      const first = copyOf === undefined ? undefined : firsts.get(copyOf);
      if (copyOf !== undefined && first === undefined) firsts.set(copyOf, item.id);
      return first === undefined ? { ...item, distance: bits } : { ...item, distance: bits, identicalTo: first };
    });
    return files.slice(1).every((f) => f.identicalTo !== undefined) ? [] : [{ files }];
  });
}
