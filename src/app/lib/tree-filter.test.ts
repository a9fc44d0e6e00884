import { describe, expect, it } from 'vitest';
import type { FieldGroup } from '../../extractors/types';
import { filterGroups, valueText } from './tree-filter';

const tree: FieldGroup[] = [
  {
    id: 'hdu-0',
    label: 'HDU 0 PRIMARY',
    fields: [
      { key: 'BITPIX', value: 16, label: 'Bits per pixel' },
      { key: 'OBJECT', value: 'M31' },
    ],
    children: [{ id: 'wcs', label: 'WCS', fields: [{ key: 'CTYPE1', value: 'RA---TAN' }] }],
  },
  { id: 'hdu-1', label: 'HDU 1 IMAGE', fields: [{ key: 'EXTNAME', value: 'SCI' }] },
];

describe('filterGroups', () => {
  it('keeps matching fields and the parents of nested hits', () => {
    const out = filterGroups(tree, 'ra---');
    expect(out).toHaveLength(1);
    expect(out[0].fields).toEqual([]);
    expect(out[0].children?.[0].fields.map((f) => f.key)).toEqual(['CTYPE1']);
  });
  it('matches keys, labels and values case-insensitively', () => {
    expect(filterGroups(tree, 'bits per').flatMap((g) => g.fields.map((f) => f.key))).toEqual(['BITPIX']);
    expect(filterGroups(tree, 'sci').map((g) => g.id)).toEqual(['hdu-1']);
  });
  it('keeps a whole group whose label matches, and everything for an empty query', () => {
    expect(filterGroups(tree, 'image')[0]).toBe(tree[1]);
    expect(filterGroups(tree, '  ')).toBe(tree);
  });
  it('renders values as text', () => {
    expect(valueText([1, 2, 3])).toBe('1, 2, 3');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(null)).toBe('—');
  });
});
