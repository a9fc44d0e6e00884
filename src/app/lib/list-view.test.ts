import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { makeRow, type Row } from '../state/row';
import { filterRows, searchText, sortRows, NO_FILTER } from './list-view';

function row(id: number, name: string, format: string | null, extra: Partial<Row> = {}, summary: MetadataRecord['summary'] = []): Row {
  const record: MetadataRecord | undefined = format
    ? {
        schemaVersion: 1,
        format: { id: format, name: format.toUpperCase() },
        file: { name, size: id },
        summary,
        groups: [],
        warnings: [],
        errors: [],
        stats: { bytesRead: 1, reads: 1, ms: 10 - id, extractor: '', cached: false },
      }
    : undefined;
  const base = { id, name, size: id * 100, status: format ? 'done' : 'queued', record, ...extra } as Omit<Row, 'text'>;
  return makeRow(base);
}

const rows = [
  row(1, 'b.fits', 'fits', {}, [
    { key: 'OBJECT', value: 'M31' },
    { key: 'EXPTIME', value: 30 },
  ]),
  row(2, 'a.jpg', 'photo', {}, [{ key: 'Make', value: 'Canon' }]),
  row(3, 'c.fits', 'fits', {}, [
    { key: 'OBJECT', value: 'M101' },
    { key: 'EXPTIME', value: 5 },
  ]),
  row(4, 'd.h5', null),
];

describe('filterRows', () => {
  it('filters by summary text, name, format and status', () => {
    expect(filterRows(rows, { ...NO_FILTER, text: 'm31' }).map((r) => r.id)).toEqual([1]);
    expect(filterRows(rows, { ...NO_FILTER, text: 'A.JPG' }).map((r) => r.id)).toEqual([2]);
    expect(filterRows(rows, { ...NO_FILTER, format: 'fits' }).map((r) => r.id)).toEqual([1, 3]);
    expect(filterRows(rows, { ...NO_FILTER, status: 'queued' }).map((r) => r.id)).toEqual([4]);
    expect(filterRows(rows, NO_FILTER)).toBe(rows);
  });

  it("makes a row's search text on its first search only", () => {
    const fresh = [row(5, 'd.fits', 'fits', {}, [{ key: 'OBJECT', value: 'NGC 224' }])];
    filterRows(fresh, { ...NO_FILTER, format: 'fits' });
    expect(fresh[0].text).toBeUndefined();
    expect(filterRows(fresh, { ...NO_FILTER, text: 'ngc' })).toEqual(fresh);
    expect(fresh[0].text).toBe(searchText(fresh[0]));
  });
});

describe('sortRows', () => {
  it('sorts by name, size and time, keeping rows without a value last', () => {
    expect(sortRows(rows, { key: 'name', descending: false }).map((r) => r.name)).toEqual(['a.jpg', 'b.fits', 'c.fits', 'd.h5']);
    expect(sortRows(rows, { key: 'size', descending: true }).map((r) => r.id)).toEqual([4, 3, 2, 1]);
    expect(sortRows(rows, { key: 'ms', descending: false }).map((r) => r.id)).toEqual([3, 2, 1, 4]);
  });
  it('sorts by a summary field, numerically when numeric', () => {
    expect(sortRows(rows, { key: 'summary:EXPTIME', descending: false }).map((r) => r.id)).toEqual([3, 1, 2, 4]);
    expect(sortRows(rows, { key: 'summary:OBJECT', descending: true }).map((r) => r.id)).toEqual([3, 1, 2, 4]);
  });
});
