import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { MetadataRecord } from '../../extractors/types';
import { recordsToCsv, recordsToJson, takeoutToCsv, takeoutToJson } from './export';
import { addNoSidecar, addTakeoutFacts } from '../../takeout/annotate';

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
    rec('d.fits', [
      { key: 'SourceKind', value: 'instrument' },
      { key: 'Source', value: 'HST STIS', comment: 'FITS TELESCOP "HST", INSTRUME "STIS"' },
      { key: 'source', value: 'a model run' },
    ]),
  ];
  it('writes one CSV row per file with its status (partial results as partial), the union of summary columns, quoted safely', () => {
    const parsed = Papa.parse<Record<string, string>>(recordsToCsv(records), { header: true });
    expect(parsed.meta.fields).toEqual([
      'name',
      'path',
      'size',
      'format',
      'status',
      'errors',
      'bytesRead',
      'cached',
      'source',
      'sourceKind',
      'sourceEvidence',
      'OBJECT',
      'EXPTIME',
      'NAXIS',
      'source (summary)',
    ]);
    expect(parsed.data[0]).toMatchObject({ name: 'a.fits', OBJECT: 'M31, "core"', EXPTIME: '30 s', NAXIS: '', status: 'done' });
    expect(parsed.data[1]).toMatchObject({ name: 'b.fits', NAXIS: '40, 40', status: 'partial', errors: 'truncated: cut' });
    expect(parsed.data[2]).toMatchObject({ name: 'c.fits', status: 'error', errors: 'corrupt: no header', source: '' });
    expect(parsed.data[3]).toMatchObject({ name: 'd.fits', source: 'HST STIS', sourceKind: 'instrument', sourceEvidence: 'FITS TELESCOP "HST", INSTRUME "STIS"', 'source (summary)': 'a model run' });
  });
  it('writes the records array as JSON', () => {
    expect(JSON.parse(recordsToJson(records))).toEqual(records);
  });

  it('the Takeout table: a row per media file of the export, the sidecar beside the file', () => {
    const photo = { ...rec('IMG_1.jpg', []), format: { id: 'photo', name: 'JPEG image' } };
    photo.file.path = 'Takeout/Google Photos/2019/IMG_1.jpg';
    addTakeoutFacts(
      photo,
      { kind: 'media', people: ['Ana', 'Rui'], photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' }, geoData: { latitude: 38.7139, longitude: -9.1394 }, favorited: true },
      'Takeout/Google Photos/2019/IMG_1.jpg.json',
      ['exact'],
      ['Lisbon trip'],
    );
    const lonely = { ...rec('IMG_2.jpg', []), format: { id: 'photo', name: 'JPEG image' } };
    addNoSidecar(lonely, ['IMG_2.jpg.json']);
    const parsed = Papa.parse<Record<string, string>>(takeoutToCsv([photo, lonely, rec('x.fits', [])]), { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]).toMatchObject({
      path: 'Takeout/Google Photos/2019/IMG_1.jpg',
      sidecar: 'Takeout/Google Photos/2019/IMG_1.jpg.json',
      matchedBy: 'exact',
      taken: '2019-06-01T10:10:10Z',
      fileDate: '',
      latitude: '38.7139',
      people: 'Ana; Rui',
      albums: 'Lisbon trip',
      favorited: 'true',
      conflicts: 'LocationOnlyInSidecar',
      gains: 'date; place; people',
    });
    expect(parsed.data[1]).toMatchObject({ path: 'IMG_2.jpg', sidecar: '', matchedBy: 'none; tried IMG_2.jpg.json' });
    expect(JSON.parse(takeoutToJson([photo]))[0].latitude).toBe(38.7139);
  });
});
