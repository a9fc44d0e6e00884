/**
 * Near-duplicate groups among many 64-bit hashes: every two hashes within a Hamming distance are
 * joined, and the connected groups returned. Multi-index hashing (Norouzi, Punjani and Fleet,
 * "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012, §3): the 64 bits are cut into
 * m blocks (4 or 5); two hashes within `t` agree to within a block's radius in at least one block
 * (the radii plus one sum to t + 1: pigeonhole), so only pairs whose keys in some block are that
 * close are compared. Exact copies are merged first so a thousand identical hashes cost one.
 */
import { fromHex, popcount32 } from './hash64';

/** Largest threshold accepted: the candidate search grows with the number of keys within each block's radius. */
export const MAX_THRESHOLD = 16;

/** A group of near-duplicate hashes: indices into the input (ascending), and each one's distance to the first. */
export interface NearGroup {
  members: number[];
  distances: number[];
}

/** Hashes packed for `nearGroups`: hash i's bits 63–32 at [2i], bits 31–0 at [2i + 1]. */
export function packHashes(hex: readonly string[]): Uint32Array {
  const out = new Uint32Array(hex.length * 2);
  hex.forEach((h, i) => {
    const { hi, lo } = fromHex(h);
    out[2 * i] = hi;
    out[2 * i + 1] = lo;
  });
  return out;
}

/** Hamming distance (0–64) between hashes `a` and `b` of `packed` (packHashes' layout). */
export const packedDistance = (packed: Uint32Array, a: number, b: number): number => popcount32(packed[2 * a] ^ packed[2 * b]) + popcount32(packed[2 * a + 1] ^ packed[2 * b + 1]);

/** Set bits of each 16-bit value: the comparisons' popcount by two table reads (measured 7 % faster than popcount32 there). */
const POP16 = Uint8Array.from({ length: 1 << 16 }, (_, i) => popcount32(i));
const pop = (x: number) => POP16[x & 0xffff] + POP16[x >>> 16];

/** Union-find over 0…n−1 (union by size, path halving). */
class Components {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) x = p[x] = p[p[x]];
    return x;
  }
  union(a: number, b: number): void {
    a = this.find(a);
    b = this.find(b);
    if (a === b) return;
    if (this.size[a] < this.size[b]) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a] += this.size[b];
  }
}

/**
 * The non-zero masks of `width` bits with at most `r` set bits (the key offsets within distance r),
 * grouped by their highest set bit: masks of group p are at [from[p], from[p + 1]). A key k pairs
 * with k ^ m for the masks of the groups p where bit p of k is clear, so each pair of keys comes once.
 */
function masksWithin(width: number, r: number): { masks: Int32Array; from: Int32Array } {
  const byTop: number[][] = Array.from({ length: width }, () => []);
  for (let m = 1; m < 1 << width; m++) if (popcount32(m) <= r) byTop[31 - Math.clz32(m)].push(m);
  const from = new Int32Array(width + 1);
  byTop.forEach((g, p) => (from[p + 1] = from[p] + g.length));
  return { masks: Int32Array.from(byTop.flat()), from };
}

/** A block of the 64 bits: its first bit (0 is bit 63), its width (at most 16) and the distance its keys are searched within. */
interface Block {
  offset: number;
  width: number;
  radius: number;
}

/**
 * Blocks to cut the hashes into: 4 of 16 bits below threshold 8, 5 of 12–13 bits from 8 on (fewer
 * keys to visit for more candidates to compare). Measured on 100,000 random hashes, CPU ms with 4
 * and 5 blocks: threshold 4: 34 / 36; 6: 53 / 70; 8: 119 / 104; 10: 244 / 232; 12: 605 / 459
 * (6 or 7 blocks: slower at every threshold).
 */
const blockCount = (threshold: number) => (threshold >= 8 ? 5 : 4);

/**
 * The 64 bits cut into `m` blocks (4 or 5) of nearly equal width, the wider first, and the radii
 * that find every pair within `t` (Norouzi et al. §3.1, pigeonhole: the radii plus one sum to
 * t + 1): ⌊(t + 1)/m⌋ in the first (t + 1) mod m blocks, one less in the others (−1: not searched).
 */
function layout(m: number, t: number): Block[] {
  const blocks: Block[] = [];
  for (let b = 0, offset = 0; b < m; b++) {
    const width = Math.floor(64 / m) + (b < 64 % m ? 1 : 0);
    blocks.push({ offset, width, radius: Math.floor((t + 1) / m) - (b < (t + 1) % m ? 0 : 1) });
    offset += width;
  }
  return blocks;
}

/** The `width` bits of a hash from bit `offset` (0 is bit 63) on, as a number. */
function blockKey(hi: number, lo: number, offset: number, width: number): number {
  const end = offset + width;
  if (end <= 32) return (hi >>> (32 - end)) & ((1 << width) - 1);
  if (offset >= 32) return (lo >>> (64 - end)) & ((1 << width) - 1);
  const fromLo = end - 32;
  return ((hi & ((1 << (32 - offset)) - 1)) << fromLo) | (lo >>> (32 - fromLo));
}

/** One block's buckets: where each key's run starts (2^width + 1 entries), the ids in key order, and their hashes' halves in that order (read in sequence by the comparisons). */
interface Buckets {
  start: Int32Array;
  sorted: Int32Array;
  hi: Uint32Array;
  lo: Uint32Array;
}

/** Counting sort of the ids by their key in `block`. */
function buckets(h: Uint32Array, ids: Int32Array, { offset, width }: Pick<Block, 'offset' | 'width'>): Buckets {
  const keys = new Int32Array(ids.length);
  const start = new Int32Array((1 << width) + 1);
  ids.forEach((i, x) => start[(keys[x] = blockKey(h[2 * i], h[2 * i + 1], offset, width)) + 1]++);
  for (let k = 0; k < 1 << width; k++) start[k + 1] += start[k];
  const fill = start.slice(0, 1 << width);
  const sorted = new Int32Array(ids.length);
  ids.forEach((i, x) => (sorted[fill[keys[x]]++] = i));
  const hi = new Uint32Array(sorted.length);
  const lo = new Uint32Array(sorted.length);
  sorted.forEach((i, x) => {
    hi[x] = h[2 * i];
    lo[x] = h[2 * i + 1];
  });
  return { start, sorted, hi, lo };
}

/**
 * Joins identical hashes in `uf` (they share their bucket of the first 16 bits; each is compared
 * with the distinct ones of its bucket found before it); returns one id per distinct hash.
 */
function distinct(h: Uint32Array, n: number, uf: Components): Int32Array {
  const { start, sorted, hi, lo } = buckets(
    h,
    Int32Array.from({ length: n }, (_, i) => i),
    { offset: 0, width: 16 },
  );
  const keep = new Int32Array(n);
  let kept = 0;
  for (let k = 0; k < 1 << 16; k++) {
    const first = kept;
    next: for (let x = start[k]; x < start[k + 1]; x++) {
      for (let y = first; y < kept; y++) {
        const i = keep[y];
        if (h[2 * i] === hi[x] && h[2 * i + 1] === lo[x]) {
          uf.union(i, sorted[x]);
          continue next;
        }
      }
      keep[kept++] = sorted[x];
    }
  }
  return keep.slice(0, kept);
}

/**
 * The groups of hashes joined by chains of pairs within Hamming distance `threshold` (so a
 * member may be farther than `threshold` from the first), groups of two or more only, in order of
 * their first member. `hashes` as `packHashes` packs them. Throws RangeError for a threshold
 * outside 0…MAX_THRESHOLD or an odd-length array.
 */
export function nearGroups(hashes: Uint32Array, threshold: number): NearGroup[] {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_THRESHOLD) throw new RangeError(`Threshold ${threshold}: expected an integer from 0 to ${MAX_THRESHOLD}.`);
  if (hashes.length % 2) throw new RangeError('Packed hashes come in pairs of 32-bit halves.');
  const n = hashes.length / 2;
  const uf = new Components(n);
  const ids = distinct(hashes, n, uf);
  for (const block of layout(blockCount(threshold), threshold)) {
    if (block.radius < 0) continue;
    joinWithin(buckets(hashes, ids, block), masksWithin(block.width, block.radius), threshold, uf);
  }
  return collect(hashes, n, uf);
}

/**
 * Compares, for each key of one block, the hashes of its bucket with each other and with those of
 * the buckets whose keys are within `near` of it (each pair of keys once), and joins those within
 * `threshold`.
 */
function joinWithin({ start, sorted, hi, lo }: Buckets, near: ReturnType<typeof masksWithin>, threshold: number, uf: Components): void {
  const { masks, from } = near;
  const keys = start.length - 1;
  for (let k = 0; k < keys; k++) {
    const a0 = start[k];
    const a1 = start[k + 1];
    if (a0 === a1) continue;
    for (let x = a0; x < a1; x++) for (let y = x + 1; y < a1; y++) if (pop(hi[x] ^ hi[y]) + pop(lo[x] ^ lo[y]) <= threshold) uf.union(sorted[x], sorted[y]);
    for (let clear = ~k & (keys - 1); clear !== 0; clear &= clear - 1) {
      const p = 31 - Math.clz32(clear & -clear);
      for (let mi = from[p]; mi < from[p + 1]; mi++) {
        const k2 = k ^ masks[mi];
        const b0 = start[k2];
        const b1 = start[k2 + 1];
        for (let x = a0; x < a1; x++) {
          const xHi = hi[x];
          const xLo = lo[x];
          for (let y = b0; y < b1; y++) if (pop(xHi ^ hi[y]) + pop(xLo ^ lo[y]) <= threshold) uf.union(sorted[x], sorted[y]);
        }
      }
    }
  }
}

/** The components of two or more members, each with its members' distances to its first. */
function collect(h: Uint32Array, n: number, uf: Components): NearGroup[] {
  const byRoot = new Map<number, NearGroup>();
  const groups: NearGroup[] = [];
  const sizes = new Int32Array(n);
  for (let i = 0; i < n; i++) sizes[uf.find(i)]++;
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    if (sizes[root] < 2) continue;
    let g = byRoot.get(root);
    if (!g) {
      g = { members: [], distances: [] };
      byRoot.set(root, g);
      groups.push(g);
    }
    const first = g.members.length ? g.members[0] : i;
    g.members.push(i);
    g.distances.push(packedDistance(h, i, first));
  }
  return groups;
}
