import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { MetadataRecord } from '../../extractors/types';
import { recordsToCsv, recordsToJson } from './export';

const rec = (name: string, summary: MetadataRecord['summary'], errors: MetadataRecord['errors'] = []): MetadataRecord => ({
  schemaVersion: 1,
  format: { id: 'fits', name: 'FITS' },
  file: { name, size: 2880 },
  summary,
  groups: [],
  warnings: [],
  errors,
  stats: { bytesRead: 2880, reads: 1, ms: 1, extractor: 'fits@1', cached: false },
});

describe('exports', () => {
  const records = [
    rec('a.fits', [
      { key: 'OBJECT', value: 'M31, "core"' },
      { key: 'EXPTIME', value: 30, unit: 's' },
    ]),
    rec('b.fits', [{ key: 'NAXIS', value: [40, 40] }], [{ code: 'truncated', message: 'cut' }]),
    rec('c.fits', [], [{ code: 'corrupt', message: 'no header' }]),
  ];
  it('writes one CSV row per file with its status (partial results as partial), the union of summary columns, quoted safely', () => {
    const parsed = Papa.parse<Record<string, string>>(recordsToCsv(records), { header: true });
    expect(parsed.meta.fields).toEqual(['name', 'path', 'size', 'format', 'status', 'errors', 'bytesRead', 'cached', 'OBJECT', 'EXPTIME', 'NAXIS']);
    expect(parsed.data[0]).toMatchObject({ name: 'a.fits', OBJECT: 'M31, "core"', EXPTIME: '30 s', NAXIS: '', status: 'done' });
    expect(parsed.data[1]).toMatchObject({ name: 'b.fits', NAXIS: '40, 40', status: 'partial', errors: 'truncated: cut' });
    expect(parsed.data[2]).toMatchObject({ name: 'c.fits', status: 'error', errors: 'corrupt: no header' });
  });
  it('writes the records array as JSON', () => {
    expect(JSON.parse(recordsToJson(records))).toEqual(records);
  });
});
