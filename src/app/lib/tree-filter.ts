/**
 * Filters a record's metadata tree by a search text (case-insensitive, on key, label and value).
 * A group is kept when its label matches (with all it holds), or when any field or descendant
 * matches (keeping only the matching fields and the paths to matching descendants), so the
 * parents of every hit stay visible.
 */
import type { Field, FieldGroup, FieldValue } from '../../extractors/types';

/** A value as one line of text (arrays joined, objects as JSON). */
export function valueText(value: FieldValue): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.map((v) => valueText(v)).join(', ');
  return JSON.stringify(value);
}

export function fieldMatches(f: Field, q: string): boolean {
  return f.key.toLowerCase().includes(q) || (f.label?.toLowerCase().includes(q) ?? false) || valueText(f.value).toLowerCase().includes(q);
}

/** Returns the pruned tree; the input is not modified. An empty query returns `groups`. */
export function filterGroups(groups: FieldGroup[], query: string): FieldGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return groups;
  const visit = (g: FieldGroup): FieldGroup | null => {
    if (g.label.toLowerCase().includes(q)) return g;
    const fields = g.fields.filter((f) => fieldMatches(f, q));
    const children = (g.children ?? []).map(visit).filter((c): c is FieldGroup => c !== null);
    if (fields.length === 0 && children.length === 0) return null;
    return { ...g, fields, ...(children.length ? { children } : { children: undefined }) };
  };
  return groups.map(visit).filter((g): g is FieldGroup => g !== null);
}
