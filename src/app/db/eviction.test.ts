import { describe, expect, it } from 'vitest';
import { planEviction, type UsageRow } from './eviction';

const rows: UsageRow[] = [
  { key: 'a', size: 10, lastUsed: 1 },
  { key: 'b', size: 20, lastUsed: 2 },
  { key: 'c', size: 30, lastUsed: 3 },
  { key: 'd', size: 40, lastUsed: 4 },
];
const keys = (r: UsageRow[]) => r.map((x) => x.key);

describe('planEviction', () => {
  it('evicts nothing within the budget', () => {
    expect(planEviction(rows, 100, 100, new Set())).toEqual([]);
  });

  it('evicts least recently used first, just enough', () => {
    expect(keys(planEviction(rows, 100, 75, new Set()))).toEqual(['a', 'b']);
    expect(keys(planEviction(rows, 100, 0, new Set()))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('evicts entries of the list on screen last', () => {
    expect(keys(planEviction(rows, 100, 70, new Set(['a', 'b'])))).toEqual(['c']);
    // The others do not free enough: kept ones go too, least recently used first.
    expect(keys(planEviction(rows, 100, 40, new Set(['a', 'b', 'd'])))).toEqual(['c', 'a', 'b']);
  });
});
