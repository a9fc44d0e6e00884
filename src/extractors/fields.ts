/** Helpers that turn library values into plain, JSON-able record fields. */
import type { Field, FieldGroup, FieldValue } from './types';

/**
 * Converts any library value into a FieldValue: bigint → number when safe else decimal string,
 * typed arrays → arrays, Date → ISO string, Map/objects → objects, functions/undefined → null.
 * Arrays (also nested ones) are cut to `maxItems`; non-finite numbers become strings ("NaN").
 */
export function toFieldValue(v: unknown, maxItems = 64, depth = 0): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (depth > 8) return String(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = Array.from(v as unknown as ArrayLike<number | bigint>).slice(0, maxItems);
    return arr.map((x) => toFieldValue(x, maxItems, depth + 1));
  }
  if (Array.isArray(v)) return v.slice(0, maxItems).map((x) => toFieldValue(x, maxItems, depth + 1));
  if (v instanceof Map) return Object.fromEntries([...v].slice(0, maxItems).map(([k, x]) => [String(k), toFieldValue(x, maxItems, depth + 1)]));
  if (typeof v === 'object') {
    // fromEntries defines own keys: `out[k] =` with a key `__proto__` from a file would set the prototype instead.
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => typeof x !== 'function')
        .map(([k, x]) => [k, toFieldValue(x, maxItems, depth + 1)]),
    );
  }
  return null;
}

/** Length of an array-like value, or undefined. */
function lengthOf(v: unknown): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return (v as unknown as ArrayLike<unknown>).length;
  return undefined;
}

/**
 * Builds a Field from a library value; arrays longer than `maxItems` are cut and `total` records
 * their full length. `extra` adds label, unit, comment or raw.
 */
export function makeField(key: string, value: unknown, extra: Omit<Field, 'key' | 'value'> = {}, maxItems = 64): Field {
  const f: Field = { key, value: toFieldValue(value, maxItems), ...extra };
  const n = lengthOf(value);
  if (n !== undefined && n > maxItems) f.total = n;
  return f;
}

/** The group with `id` anywhere in the tree (depth first), if any. */
export function findGroup(groups: FieldGroup[], id: string): FieldGroup | undefined {
  for (const g of groups) {
    if (g.id === id) return g;
    const inner = g.children ? findGroup(g.children, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
