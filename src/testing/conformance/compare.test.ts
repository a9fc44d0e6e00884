import { describe, expect, it } from 'vitest';
import { compareFacts, factEqual, floatTolerance } from './compare';
import { NumberLiteral, parseKeepingNumbers } from './literal-json';

const n = (text: string) => new NumberLiteral(text);

describe('parseKeepingNumbers', () => {
  it('keeps every number as written and leaves strings alone', () => {
    const v = parseKeepingNumbers('{"a": 252, "b": [30.0, -9007199254740993, 1e-06], "s": "say \\"12\\" 3.0", "t": true, "z": null}') as Record<string, unknown>;
    expect(v.a).toEqual(n('252'));
    expect((v.b as NumberLiteral[]).map((x) => x.text)).toEqual(['30.0', '-9007199254740993', '1e-06']);
    expect(v).toMatchObject({ s: 'say "12" 3.0', t: true, z: null });
  });

  it('refuses what JSON.parse refuses, and text it cannot mark', () => {
    expect(() => parseKeepingNumbers('[01]')).toThrow(SyntaxError);
    expect(() => parseKeepingNumbers('[1,]')).toThrow(SyntaxError);
    expect(() => parseKeepingNumbers('["\\u0000252"]')).toThrow(/u0000/);
  });
});

describe('factEqual', () => {
  it('matches an integer exactly: a length, count or offset one off fails', () => {
    expect(factEqual(n('1843200'), 1843200)).toBe(true);
    expect(factEqual(n('1843200'), 1843201)).toBe(false);
    expect(factEqual(n('252'), 252.4)).toBe(false);
    expect(factEqual(n('252'), 252.0000001)).toBe(false);
    expect(factEqual(n('252'), '252')).toBe(false);
  });

  it('matches a float within half a unit in the last place the oracle printed', () => {
    expect(floatTolerance(n('0.000376'))).toBeCloseTo(5e-7, 15);
    expect(factEqual(n('0.000376'), 0.00037593984962406017)).toBe(true);
    expect(factEqual(n('0.000376'), 0.0003765)).toBe(true);
    expect(factEqual(n('0.000376'), 0.0003766)).toBe(false);
    expect(factEqual(n('0.000376'), '0.000376')).toBe(false);
    expect(factEqual(n('4803914.353'), 4803914.3530251775)).toBe(true);
    expect(factEqual(n('4803914.353'), 4803914.354)).toBe(false);
    expect(factEqual(n('4803914.353'), 4803915.353)).toBe(false);
    expect(factEqual(n('30.0'), 30.04)).toBe(true);
    expect(factEqual(n('30.0'), 30.06)).toBe(false);
    expect(factEqual(n('1.5e-06'), 1.54e-6)).toBe(true);
    expect(factEqual(n('1.5e-06'), 1.56e-6)).toBe(false);
  });

  it('matches a 17-digit float to within 2 ulps', () => {
    const max = 3.4028230607370965e38;
    const ulp = 2 ** (Math.floor(Math.log2(max)) - 52);
    expect(factEqual(n('3.4028230607370965e+38'), max)).toBe(true);
    expect(factEqual(n('3.4028230607370965e+38'), max + 8 * ulp)).toBe(false);
  });

  it('compares integers past 2^53 exactly, as decimal strings, never through a double', () => {
    expect(factEqual(n('-9007199254740993'), '-9007199254740993')).toBe(true);
    expect(factEqual(n('-9007199254740993'), '-9007199254740994')).toBe(false);
    expect(factEqual(n('-9007199254740993'), Number('-9007199254740993'))).toBe(false);
    expect(factEqual(n('18446744073709551615'), '18446744073709551615')).toBe(true);
    expect(factEqual(n('18446744073709551615'), '18446744073709551614')).toBe(false);
    // Below 2^53 a count is a number: a string is a different representation.
    expect(factEqual(n('12'), '12')).toBe(false);
  });

  it('keeps null and absent apart, and needs literal numbers in expected', () => {
    expect(factEqual(null, undefined)).toBe(false);
    expect(factEqual(null, null)).toBe(true);
    expect(() => factEqual(252, 252)).toThrow(TypeError);
  });
});

describe('compareFacts', () => {
  it('reports each leaf with its path, descending into arrays of objects', () => {
    const r = compareFacts(parseKeepingNumbers('{"hdus": [{"BITPIX": 16, "NAXISn": [40, 40]}], "kind": "x"}'), { hdus: [{ BITPIX: 8, NAXISn: [40, 40] }], kind: 'x' });
    expect(r.map((f) => [f.path, f.ok])).toEqual([
      ['hdus.length', true],
      ['hdus[0].BITPIX', false],
      ['hdus[0].NAXISn', true],
      ['kind', true],
    ]);
  });

  it('treats a list of numbers as one leaf, each number under the rules', () => {
    const bbox = parseKeepingNumbers('{"bbox": [691955.166, 2790908.96]}');
    expect(compareFacts(bbox, { bbox: [691955.1656840311, 2790908.9600546] }).map((f) => [f.path, f.ok])).toEqual([['bbox', true]]);
    expect(compareFacts(bbox, { bbox: [691955.2656840311, 2790908.9600546] }).map((f) => [f.path, f.ok])).toEqual([['bbox', false]]);
  });

  it('flags keys the oracle does not have, and facts the mapper does not produce', () => {
    const r = compareFacts(parseKeepingNumbers('{"dims": {"x": 1}, "nodata": null}'), { dims: { x: 1, y: 2 } });
    expect(r.filter((f) => !f.ok).map((f) => f.path)).toEqual(['dims.y (unexpected)', 'nodata']);
  });
});
