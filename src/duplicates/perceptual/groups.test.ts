import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { MAX_THRESHOLD, nearGroups, packHashes, type NearGroup } from './groups';
import { popcount32 } from './hash64';

/** `n` random hashes with `planted` groups of near copies (1 to `spread` bits from a source, sometimes identical) and clusters of low-entropy hashes. */
function hashSet(n: number, planted: number, spread: number, seed: number): Uint32Array {
  const rng = xoroshiro128plus(seed);
  const h = new Uint32Array(2 * n);
  for (let i = 0; i < h.length; i++) h[i] = uniformInt(rng, 0, 0xffffffff) >>> 0;
  for (let g = 0; g < planted; g++) {
    const src = uniformInt(rng, 0, n - 1);
    for (let c = uniformInt(rng, 1, 4); c > 0; c--) {
      const dst = uniformInt(rng, 0, n - 1);
      h[2 * dst] = h[2 * src];
      h[2 * dst + 1] = h[2 * src + 1];
      for (let f = uniformInt(rng, 0, spread); f > 0; f--) {
        const bit = uniformInt(rng, 0, 63);
        h[2 * dst + (bit >> 5)] ^= 1 << (bit & 31);
      }
    }
  }
  return h;
}

/** Every pair compared: the components as sorted member lists. */
function bruteForce(h: Uint32Array, t: number): number[][] {
  const n = h.length / 2;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (popcount32(h[2 * i] ^ h[2 * j]) + popcount32(h[2 * i + 1] ^ h[2 * j + 1]) <= t) parent[find(i)] = find(j);
  const by = new Map<number, number[]>();
  for (let i = 0; i < n; i++) by.set(find(i), [...(by.get(find(i)) ?? []), i]);
  return [...by.values()].filter((m) => m.length > 1).sort((a, b) => a[0] - b[0]);
}

describe('nearGroups', () => {
  it.each(Array.from({ length: MAX_THRESHOLD + 1 }, (_, t) => t))('finds the same groups as comparing every pair, threshold %i', (t) => {
    const h = hashSet(1500, 300, t + 3, 1000 + t);
    const groups = nearGroups(h, t);
    expect(groups.map((g) => g.members)).toEqual(bruteForce(h, t));
    expect(groups.some((g) => g.members.length > 2)).toBe(true);
  });

  it('gives each member its distance to the first, and takes hex hashes', () => {
    const groups: NearGroup[] = nearGroups(packHashes(['ffffffffffffffff', '0000000000000000', 'fffffffffffffff0', 'ffffffffffffffff', '00000000000000ff']), 8);
    expect(groups).toEqual([
      { members: [0, 2, 3], distances: [0, 4, 0] },
      { members: [1, 4], distances: [0, 8] },
    ]);
  });

  it('joins thousands of identical hashes without comparing them pairwise', () => {
    const h = new Uint32Array(2 * 50_000).fill(0x12345678);
    const t = performance.now();
    const [group] = nearGroups(h, 10);
    expect(group.members.length).toBe(50_000);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('rejects thresholds outside 0…MAX_THRESHOLD and unpaired halves', () => {
    expect(() => nearGroups(new Uint32Array(4), MAX_THRESHOLD + 1)).toThrow(RangeError);
    expect(() => nearGroups(new Uint32Array(4), -1)).toThrow(RangeError);
    expect(() => nearGroups(new Uint32Array(3), 4)).toThrow(RangeError);
  });
});
