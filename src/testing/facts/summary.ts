/**
 * Reading a record's summary the way the corpus facts want it: a field's value by key (null when
 * absent), and a number as read (its `raw` when that is the number, e.g. an exposure time shown as
 * "1/125"), not rounded: the comparison allows the precision the corpus printed.
 */
import type { Field, FieldValue, MetadataRecord } from '../../extractors/types';

/** `val(key)`: the summary field's value or null; `num(key)`: its number or null; `has(key)`. */
export function summaryReader(record: MetadataRecord): { val(k: string): FieldValue; num(k: string): number | null; has(k: string): boolean } {
  const s = new Map<string, Field>(record.summary.map((f) => [f.key, f]));
  return {
    val: (k) => (s.has(k) ? s.get(k)!.value : null),
    num: (k) => {
      const f = s.get(k);
      if (!f) return null;
      const v = typeof f.raw === 'number' ? f.raw : f.value;
      return typeof v === 'number' ? v : null;
    },
    has: (k) => s.has(k),
  };
}
