/**
 * Compares an extractor's facts with a corpus `expected` object, leaf by leaf, so a table can say
 * "facts matched / total" and name each mismatch by its path (`hdus[1].card_count`).
 *
 * Expected numbers are NumberLiterals (their manifest text, literal-json.ts); a plain number in
 * `expected` is a TypeError. The rules follow the corpus README "How `expected` is normalized":
 * - An integer literal matches only the same integer, compared as BigInt: a safe-integer number,
 *   or past 2^53, where extractors give integers as decimal strings (fields.ts toFieldValue), the
 *   same decimal string. So a length, count, size or 64-bit attribute must be exact.
 * - A float literal was rounded (to 6 decimals unless a format rule says otherwise) and printed
 *   with the fewest digits that give the rounded value back, so it matches a number within half
 *   a unit in its last printed place (`0.000376` ±5e-7, `30.0` ±0.05, `1.5e-06` ±5e-8), plus 2
 *   ulps for reading the decimal into a double.
 * - Strings (exact, no trimming or case folding), booleans and null match only themselves; a fact
 *   the mapper does not produce (undefined) matches nothing, null included.
 */
import { NumberLiteral } from './literal-json';

export interface FactResult {
  /** Dotted path of the leaf, e.g. `datasets[0].chunks` (arrays of scalars are one leaf). */
  path: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof NumberLiteral);
}

function isScalarArray(v: unknown[]): boolean {
  return v.every((x) => x === null || typeof x !== 'object' || x instanceof NumberLiteral);
}

/** The allowed difference from a float literal: half a unit in its last printed place, plus 2 ulps. */
export function floatTolerance(literal: NumberLiteral): number {
  const m = /^-?\d+(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(literal.text);
  if (!m) throw new TypeError(`Not a JSON number: ${literal.text}`);
  const lastPlace = Number(m[2] ?? 0) - (m[1]?.length ?? 0);
  return 0.5 * 10 ** lastPlace + 2 * Number.EPSILON * Math.abs(literal.value);
}

function numberMatches(literal: NumberLiteral, actual: unknown): boolean {
  if (!literal.isInteger) return typeof actual === 'number' && Math.abs(actual - literal.value) <= floatTolerance(literal);
  if (typeof actual === 'number') return Number.isSafeInteger(actual) && BigInt(actual) === BigInt(literal.text);
  return typeof actual === 'string' && /^-?\d+$/.test(actual) && !Number.isSafeInteger(Number(actual)) && BigInt(actual) === BigInt(literal.text);
}

/** Deep equality under the rules above. */
export function factEqual(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number') throw new TypeError(`Expected number ${expected} has lost its text; parse expected facts with parseKeepingNumbers.`);
  if (expected instanceof NumberLiteral) return numberMatches(expected, actual);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => factEqual(e, actual[i]));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    return ek.length === ak.length && ek.every((k) => k in actual && factEqual(expected[k], actual[k]));
  }
  return expected === actual;
}

/**
 * Walks `expected` and compares each leaf with the same path in `actual`. Objects and arrays of
 * objects are descended; scalars and arrays of scalars are leaves. Extra keys in `actual` at an
 * object level are reported as one failing leaf `<path>.<key> (unexpected)`.
 */
export function compareFacts(expected: unknown, actual: unknown, path = ''): FactResult[] {
  if (isPlainObject(expected)) {
    const out: FactResult[] = [];
    const act = isPlainObject(actual) ? actual : {};
    for (const [k, v] of Object.entries(expected)) out.push(...compareFacts(v, act[k], path ? `${path}.${k}` : k));
    if (isPlainObject(actual) && Object.keys(expected).length > 0) {
      for (const k of Object.keys(actual)) {
        if (!(k in expected)) out.push({ path: `${path ? `${path}.` : ''}${k} (unexpected)`, ok: false, expected: undefined, actual: actual[k] });
      }
    }
    if (Object.keys(expected).length === 0) out.push({ path: path || '(root)', ok: factEqual(expected, actual), expected, actual });
    return out;
  }
  if (Array.isArray(expected) && !isScalarArray(expected)) {
    const act = Array.isArray(actual) ? actual : [];
    const out: FactResult[] = [{ path: `${path}.length`, ok: act.length === expected.length, expected: expected.length, actual: act.length }];
    expected.forEach((e, i) => out.push(...compareFacts(e, act[i], `${path}[${i}]`)));
    return out;
  }
  return [{ path, ok: factEqual(expected, actual), expected, actual }];
}
