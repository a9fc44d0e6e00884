import { describe, expect, it } from 'vitest';
import { cropToAspect, oriented } from './geometry';
import type { Pixels } from './pixels';

/** A 3 × 2 grey picture whose pixel values are 1…6 in stored order: 1 2 3 / 4 5 6. */
const STORED: Pixels = { width: 3, height: 2, channels: 1, data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
const rows = (p: Pixels) => Array.from({ length: p.height }, (_, y) => Array.from(p.data.subarray(y * p.width, (y + 1) * p.width)));

describe('oriented', () => {
  it.each([
    [
      1,
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
    [
      2,
      [
        [3, 2, 1],
        [6, 5, 4],
      ],
    ],
    [
      3,
      [
        [6, 5, 4],
        [3, 2, 1],
      ],
    ],
    [
      4,
      [
        [4, 5, 6],
        [1, 2, 3],
      ],
    ],
    [
      5,
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    ],
    [
      6,
      [
        [4, 1],
        [5, 2],
        [6, 3],
      ],
    ],
    [
      7,
      [
        [6, 3],
        [5, 2],
        [4, 1],
      ],
    ],
    [
      8,
      [
        [3, 6],
        [2, 5],
        [1, 4],
      ],
    ],
  ])('shows orientation %i as EXIF 2.32 §4.6.4 describes it', (orientation, expected) => {
    expect(rows(oriented(STORED, orientation))).toEqual(expected);
  });
  it('keeps RGBA pixels whole and leaves unknown orientations as stored', () => {
    const rgba: Pixels = { width: 2, height: 1, channels: 4, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) };
    expect(Array.from(oriented(rgba, 6).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(oriented(rgba, 2).data)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
    expect(oriented(STORED, 9)).toBe(STORED);
  });
});

describe('cropToAspect', () => {
  it('cuts the bands of a 4:3 thumbnail of a 3:2 image, and keeps one of the right shape', () => {
    const thumb: Pixels = { width: 160, height: 120, channels: 1, data: new Uint8Array(160 * 120).map((_, i) => Math.floor(i / 160)) };
    const cut = cropToAspect(thumb, 5184 / 3456);
    expect([cut.width, cut.height]).toEqual([160, 107]);
    expect(cut.data[0]).toBe(6); // first row kept is row 6
    expect(cropToAspect(thumb, 4 / 3)).toBe(thumb);
  });
});
