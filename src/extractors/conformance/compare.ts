/**
 * Compares an extractor's facts with a corpus `expected` object, leaf by leaf, so a table can say
 * "facts matched / total" and name each mismatch by its path (`hdus[1].card_count`).
 * Numbers match within 1e-6 relative (the corpus rounds floats to 6 decimals).
 */

export interface FactResult {
  /** Dotted path of the leaf, e.g. `datasets[0].chunks` (arrays of scalars are one leaf). */
  path: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalarArray(v: unknown[]): boolean {
  return v.every((x) => x === null || typeof x !== 'object');
}

/** Deep equality with numeric tolerance. */
export function factEqual(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    return Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected));
  }
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
