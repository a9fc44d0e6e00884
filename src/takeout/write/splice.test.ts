import { describe, expect, it } from 'vitest';
import { splice, spliceBlob, type Edit } from './splice';

const bytes = Uint8Array.from({ length: 64 }, (_, i) => i);
const b = (...values: number[]) => Uint8Array.from(values);

describe('splice and spliceBlob', () => {
  const cases: [string, Edit[]][] = [
    ['no edits', []],
    ['an insertion at the start', [{ at: 0, end: 0, bytes: b(200, 201) }]],
    ['a replacement in the middle', [{ at: 10, end: 20, bytes: b(250) }]],
    ['an insertion at the end', [{ at: 64, end: 64, bytes: b(7, 7, 7) }]],
    ['a replacement of everything', [{ at: 0, end: 64, bytes: b(1) }]],
    [
      'edits out of order, and an insertion and a replacement at one offset',
      [
        { at: 40, end: 44, bytes: b(99) },
        { at: 4, end: 4, bytes: b(100) },
        { at: 4, end: 8, bytes: b(101, 102) },
      ],
    ],
  ];
  for (const [what, edits] of cases) {
    it(`give the same copy, as bytes and as a Blob of the original's slices: ${what}`, async () => {
      const copy = splice(bytes, edits);
      const blob = spliceBlob(new Blob([bytes]), edits);
      expect(new Uint8Array(await blob.arrayBuffer())).toEqual(copy);
      expect(copy.length).toBe(bytes.length + edits.reduce((n, e) => n + e.bytes.length - (e.end - e.at), 0));
    });
  }

  it('apply edits at one offset in the order given', () => {
    expect([
      ...splice(bytes, [
        { at: 4, end: 4, bytes: b(100) },
        { at: 4, end: 8, bytes: b(101, 102) },
      ]).subarray(0, 8),
    ]).toEqual([0, 1, 2, 3, 100, 101, 102, 8]);
  });
});
