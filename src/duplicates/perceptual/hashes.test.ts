import { describe, expect, it } from 'vitest';
import { brightened, cropped, noisy, picture, pictureSet, resized, type PictureKind } from '../../../scripts/fixtures/near-duplicates';
import { dHash, pHash } from './hashes';
import { fromHex, hamming, packBits, popcount32, toHex } from './hash64';
import { greyCells, type Pixels } from './pixels';
import { NEAR_THRESHOLD, perceptualHash } from './choice';

/** The edits a near duplicate goes through, on pixels (JPEG recompression stands in as ±8 noise). */
const EDITS: [string, (p: Pixels) => Pixels][] = [
  ['resize ½', (p) => resized(p, 0.5)],
  ['resize ¼', (p) => resized(p, 0.25)],
  ['crop 5 % centred', (p) => cropped(p, 0.05, 'centre')],
  ['brightness +15 %', (p) => brightened(p, 1.15)],
  ['brightness −15 %', (p) => brightened(p, 0.85)],
  ['noise ±8', (p) => noisy(p, 8)],
];
/** Photo-like kinds (the flat shapes and text pages are the hashes' weak cases: docs/near-duplicates.md). */
const PHOTO_LIKE: PictureKind[] = ['scene', 'noise', 'gradient'];

describe('hash64', () => {
  it('counts bits and measures distances over both halves', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff].map(popcount32)).toEqual([0, 1, 8, 1, 32]);
    expect(hamming({ hi: 0xffffffff, lo: 0 }, { hi: 0, lo: 1 })).toBe(33);
  });
  it('writes bit 63 first in 16 hex digits and reads them back', () => {
    const h = packBits(Array.from({ length: 64 }, (_, i) => i === 0 || i === 63));
    expect(toHex(h)).toBe('8000000000000001');
    expect(fromHex('8000000000000001')).toEqual(h);
    expect(() => fromHex('80000000000001')).toThrow(RangeError);
  });
});

describe('greyCells', () => {
  it('averages BT.601 luma over each cell', () => {
    // 2×2 RGBA: red, green / blue, white → one cell.
    const data = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const [y] = greyCells({ width: 2, height: 2, channels: 4, data }, 1, 1);
    expect(y).toBeCloseTo((0.299 * 255 + 0.587 * 255 + 0.114 * 255 + 255) / 4, 6);
  });
  it('repeats pixels when the picture is smaller than the grid, and rejects short buffers', () => {
    const g = greyCells({ width: 2, height: 1, channels: 1, data: new Uint8Array([10, 20]) }, 4, 2);
    expect(Array.from(g)).toEqual([10, 10, 20, 20, 10, 10, 20, 20]);
    expect(() => greyCells({ width: 2, height: 2, channels: 4, data: new Uint8Array(8) }, 8, 8)).toThrow(RangeError);
  });
});

describe.each([
  ['pHash', pHash],
  ['dHash', dHash],
])('%s', (_, hash) => {
  const pictures = PHOTO_LIKE.flatMap((kind) => [1, 2].map((seed) => picture(kind, seed * 10 + kind.length)));
  it.each(EDITS)('keeps a picture within the threshold after %s', (_, edit) => {
    for (const p of pictures) expect(hamming(hash(p), hash(edit(p)))).toBeLessThanOrEqual(NEAR_THRESHOLD);
  });
  it('puts different pictures farther apart than the threshold', () => {
    const hashes = pictures.map(hash);
    for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) expect(hamming(hashes[i], hashes[j])).toBeGreaterThan(NEAR_THRESHOLD);
  });
  it('gives the same hash for the same picture at twice its size (box filter)', () => {
    const p = picture('scene', 3, 64, 48);
    const twice: Pixels = { width: 128, height: 96, channels: 4, data: new Uint8ClampedArray(128 * 96 * 4) };
    for (let y = 0; y < 96; y++) for (let x = 0; x < 128; x++) twice.data.set(p.data.subarray(((y >> 1) * 64 + (x >> 1)) * 4, ((y >> 1) * 64 + (x >> 1)) * 4 + 4), (y * 128 + x) * 4);
    expect(hash(twice)).toEqual(hash(p));
  });
});

describe('pHash', () => {
  it('is the sign pattern of the low DCT frequencies against their median: a horizontal ramp sets the DC and the first horizontal frequencies', () => {
    // Grey ramp dark → light left to right: coefficients (v = 0, u) carry it all; C(0,0) > 0, C(0,1) < 0 (cos falls with x while the ramp rises).
    const data = new Uint8Array(32 * 32).map((_, i) => (i % 32) * 8);
    const bits = toHex(pHash({ width: 32, height: 32, channels: 1, data }));
    const first = parseInt(bits.slice(0, 2), 16);
    expect(first >> 7).toBe(1); // DC above the median
    expect((first >> 6) & 1).toBe(0); // C(0,1) negative: below
  });
});

describe('the chosen hash and threshold', () => {
  // The choice in docs/near-duplicates.md, held on generated pictures of all kinds: at
  // NEAR_THRESHOLD pHash keeps as many edited copies as dHash and joins no different pictures.
  const set = pictureSet(30, 100);
  const rates = (hash: (p: Pixels) => ReturnType<typeof pHash>) => {
    const h = set.map((s) => hash(s.pixels));
    const within = set.flatMap((s, i) => EDITS.map(([, edit]) => hamming(h[i], hash(edit(s.pixels))) <= NEAR_THRESHOLD));
    let falsePairs = 0;
    for (let i = 0; i < h.length; i++) for (let j = i + 1; j < h.length; j++) if (hamming(h[i], h[j]) <= NEAR_THRESHOLD) falsePairs++;
    return { truePositive: within.filter(Boolean).length / within.length, falsePairs };
  };
  it('is pHash at a threshold that keeps as many edited copies as dHash and joins no different pictures', () => {
    expect(perceptualHash).toBe(pHash);
    const p = rates(pHash);
    const d = rates(dHash);
    // Measured: both keep 82 % of the 180 edited copies; pHash joins none of the 435 pairs of different pictures, dHash 1.
    expect(p.truePositive).toBeGreaterThanOrEqual(d.truePositive);
    expect(p.truePositive).toBeGreaterThan(0.8);
    expect(p.falsePairs).toBeLessThan(d.falsePairs);
    expect(p.falsePairs).toBe(0); // the threshold: no two different pictures joined (at 10: 2)
  });
});
