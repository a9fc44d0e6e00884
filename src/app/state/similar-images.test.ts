import { describe, expect, it } from 'vitest';
import { similarGroups, similarIndex } from './similar-images';
import type { HashItem } from './duplicate-finder';

const item = (id: number, path: string): HashItem => ({ id, path, size: 1, file: new File([], path), key: path });

describe('similarGroups', () => {
  // a and its byte-identical copy a2, b one bit from a, c three bits from b; d and its copy d2 alone; e unrelated.
  const items = [item(1, 'a'), item(2, 'a2'), item(3, 'b'), item(4, 'c'), item(5, 'd'), item(6, 'd2'), item(7, 'e'), item(8, 'no-hash')];
  const hashes = ['0000000000000000', '0000000000000000', '0000000000000001', '000000000000000f', 'ff00ff00ff00ff00', 'ff00ff00ff00ff00', '0f0f0f0f0f0f0f0f', undefined];
  const exact = [
    { size: 1, files: [items[0], items[1]] },
    { size: 1, files: [items[4], items[5]] },
  ];
  const index = similarIndex(items, hashes);

  it('groups within the threshold, marks byte-identical copies, and leaves out groups of copies of one file', () => {
    const groups = similarGroups(index, 3, exact);
    expect(groups.map((g) => g.files.map((f) => [f.path, f.distance, f.identicalTo]))).toEqual([
      [
        ['a', 0, undefined],
        ['a2', 0, 1],
        ['b', 1, undefined],
        ['c', 4, undefined],
      ],
    ]);
  });

  it('regroups at another threshold from the same index', () => {
    expect(similarGroups(index, 0, exact)).toEqual([]);
    expect(similarGroups(index, 1, exact).map((g) => g.files.map((f) => f.path))).toEqual([['a', 'a2', 'b']]);
    // Without the exact groups, copies are similar images at distance 0 like any other.
    expect(similarGroups(index, 0, []).map((g) => g.files.map((f) => f.path))).toEqual([
      ['a', 'a2'],
      ['d', 'd2'],
    ]);
  });

  it('puts the largest file first, with the distances to it', () => {
    const sized = items.map((f) => (f.path === 'c' ? { ...f, size: 10 } : f));
    const groups = similarGroups(similarIndex(sized, hashes), 3, exact);
    expect(groups.map((g) => g.files.map((f) => [f.path, f.distance, f.identicalTo]))).toEqual([
      [
        ['c', 0, undefined],
        ['a', 4, undefined],
        ['a2', 4, 1],
        ['b', 3, undefined],
      ],
    ]);
  });
});
