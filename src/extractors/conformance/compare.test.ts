import { describe, expect, it } from 'vitest';
import { compareFacts, factEqual } from './compare';

describe('compareFacts', () => {
  it('matches numbers within the corpus rounding and rejects real differences', () => {
    expect(factEqual(0.000376, 0.00037593984962406017)).toBe(true);
    expect(factEqual(252, 252.4)).toBe(false);
    expect(factEqual(null, undefined)).toBe(false);
  });

  it('reports each leaf with its path, descending into arrays of objects', () => {
    const r = compareFacts({ hdus: [{ BITPIX: 16, NAXISn: [40, 40] }], kind: 'x' }, { hdus: [{ BITPIX: 8, NAXISn: [40, 40] }], kind: 'x' });
    expect(r.map((f) => [f.path, f.ok])).toEqual([
      ['hdus.length', true],
      ['hdus[0].BITPIX', false],
      ['hdus[0].NAXISn', true],
      ['kind', true],
    ]);
  });

  it('flags keys the oracle does not have', () => {
    const r = compareFacts({ dims: { x: 1 } }, { dims: { x: 1, y: 2 } });
    expect(r.filter((f) => !f.ok).map((f) => f.path)).toEqual(['dims.y (unexpected)']);
  });
});
