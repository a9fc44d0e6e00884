import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { applyMutation, applyMutations, randomMutation, randomMutations, type Mutation } from './mutators';

const SIZES = [1, 2, 3, 7, 100, 4096, 70_000, 1 << 20];

function draws(seed: number, size: number, n: number): Mutation[][] {
  const rng = xoroshiro128plus(seed);
  return Array.from({ length: n }, () => randomMutations(rng, size));
}

describe('fuzz mutators', () => {
  it('draw the same mutations for the same seed, and others for another seed', () => {
    expect(draws(7, 5000, 50)).toEqual(draws(7, 5000, 50));
    expect(draws(8, 5000, 50)).not.toEqual(draws(7, 5000, 50));
  });

  it('draw 1 to 3 mutations that each fit the bytes left by the previous ones', () => {
    for (const size of SIZES) {
      const input = new Uint8Array(size).map((_, i) => i & 0xff);
      for (const mutations of draws(size, size, 300)) {
        expect(mutations.length).toBeGreaterThanOrEqual(1);
        expect(mutations.length).toBeLessThanOrEqual(3);
        const out = applyMutations(input, mutations); // throws RangeError if one did not fit
        expect(out.length).toBeGreaterThan(0);
      }
    }
  });

  it('truncate to a non-empty prefix, never at or past the length', () => {
    const rng = xoroshiro128plus(3);
    let seen = 0;
    for (let i = 0; i < 3000; i++) {
      const size = 2 + (i % 500);
      const m = randomMutation(rng, size);
      if (m.op !== 'truncate') continue;
      seen++;
      expect(m.length).toBeGreaterThanOrEqual(1);
      expect(m.length).toBeLessThan(size);
    }
    expect(seen).toBeGreaterThan(300);
  });

  it('never change the input bytes', () => {
    const input = new Uint8Array(1000).fill(0x41);
    for (const mutations of draws(11, input.length, 200)) applyMutations(input, mutations);
    expect(input.every((b) => b === 0x41)).toBe(true);
  });

  it('favour the first 64 KiB and align words to their width', () => {
    const rng = xoroshiro128plus(5);
    let head = 0;
    let positioned = 0;
    for (let i = 0; i < 4000; i++) {
      const m = randomMutation(rng, 1 << 20);
      if (m.op === 'truncate') continue;
      positioned++;
      if (m.offset < 64 * 1024) head++;
      if (m.op === 'word') expect(m.offset % m.width).toBe(0);
    }
    // 3/4 drawn in the head plus 1/16 of the rest by chance: ≈ 0.77.
    expect(head / positioned).toBeGreaterThan(0.7);
    expect(head / positioned).toBeLessThan(0.85);
  });

  it('apply each kind exactly', () => {
    const bytes = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...applyMutation(bytes, { op: 'flip', offset: 1, bit: 7 })]).toEqual([0, 0x81, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...applyMutation(bytes, { op: 'byte', offset: 9, value: 0xff })]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 0xff]);
    expect([...applyMutation(bytes, { op: 'truncate', length: 3 })]).toEqual([0, 1, 2]);
    expect([...applyMutation(bytes, { op: 'word', offset: 4, width: 4, endian: 'le', value: '0x80000000' })]).toEqual([0, 1, 2, 3, 0, 0, 0, 0x80, 8, 9]);
    expect([...applyMutation(bytes, { op: 'word', offset: 2, width: 2, endian: 'be', value: '0xfffe' })]).toEqual([0, 1, 0xff, 0xfe, 4, 5, 6, 7, 8, 9]);
    expect([...applyMutation(bytes, { op: 'word', offset: 0, width: 8, endian: 'be', value: '0xffffffffffffffff' }).subarray(0, 9)]).toEqual([255, 255, 255, 255, 255, 255, 255, 255, 8]);
    expect([...applyMutation(bytes, { op: 'duplicate', offset: 2, length: 3 })]).toEqual([0, 1, 2, 3, 4, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...applyMutation(bytes, { op: 'remove', offset: 2, length: 3 })]).toEqual([0, 1, 5, 6, 7, 8, 9]);
  });

  it('reject a mutation that does not fit the bytes', () => {
    const bytes = new Uint8Array(8);
    expect(() => applyMutation(bytes, { op: 'flip', offset: 8, bit: 0 })).toThrow(RangeError);
    expect(() => applyMutation(bytes, { op: 'word', offset: 4, width: 8, endian: 'le', value: '0x1' })).toThrow(RangeError);
    expect(() => applyMutation(bytes, { op: 'remove', offset: 6, length: 3 })).toThrow(RangeError);
  });
});
