import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../extractors/types';
import { emptyRecord } from '../extractors/empty-record';
import { addTakeoutFacts, asSidecarRecord, conflicts, distanceM, embeddedDate, sidecarFactsOf, sidecarGroups } from './annotate';
import { findGroup } from '../extractors/fields';
import type { SidecarFacts } from './sidecar';

const facts: SidecarFacts = {
  kind: 'media',
  people: [],
  photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' },
  geoData: { latitude: 38.7139, longitude: -9.1394 },
};
function photo(date: string, offset?: string, gps?: [number, number]): MetadataRecord {
  const r = emptyRecord({ name: 'a.jpg', size: 1 });
  r.summary = [{ key: 'DateTimeOriginal', value: date }, ...(offset ? [{ key: 'OffsetTimeOriginal', value: offset }] : [])];
  if (gps) r.summary.push({ key: 'GPSLatitude', value: gps[0] }, { key: 'GPSLongitude', value: gps[1] });
  return r;
}
const keys = (r: MetadataRecord) => conflicts(r, facts).map((f) => f.key);

describe('conflicts between a sidecar and the file', () => {
  it('dates: within a minute is no conflict; an EXIF offset is applied; QuickTime creation_time', () => {
    expect(keys(photo('2019:06:01 10:10:50', undefined, [38.7139, -9.1394]))).toEqual([]);
    expect(keys(photo('2019:06:01 12:10:10', '+02:00', [38.7139, -9.1394]))).toEqual([]);
    // Local time without a zone, a whole zone offset off UTC (east or west): the zone, not a conflict.
    expect(keys(photo('2019:06:01 11:10:10', undefined, [38.7139, -9.1394]))).toEqual([]);
    expect(keys(photo('2019:06:01 04:40:10', undefined, [38.7139, -9.1394]))).toEqual([]);
    const lisbon = photo('2019:06:01 11:10:10', undefined, [38.7139, -9.1394]);
    addTakeoutFacts(lisbon, facts, 'a.jpg.json', ['exact']);
    expect(findGroup(lisbon.groups, 'takeout')?.fields.find((f) => f.key === 'ImpliedTimeZone')?.value).toBe('UTC+01:00');
    const west = photo('2019:06:01 04:40:10', undefined, [38.7139, -9.1394]);
    addTakeoutFacts(west, facts, 'a.jpg.json', ['exact']);
    expect(findGroup(west.groups, 'takeout')?.fields.find((f) => f.key === 'ImpliedTimeZone')?.value).toBe('UTC-05:30');
    // Not a zone offset (off by 7 minutes), or a zoned date that differs: a conflict.
    const c = conflicts(photo('2019:06:01 11:17:10', undefined, [38.7139, -9.1394]), facts);
    expect(c.map((f) => [f.key, f.raw])).toEqual([['DateConflict', 4020]]);
    expect(keys(photo('2019:06:01 12:10:10', '+00:00', [38.7139, -9.1394]))).toEqual(['DateConflict']);
    const video = emptyRecord({ name: 'v.mp4', size: 1 });
    video.summary = [{ key: 'Creation_time', value: '2019-06-01T10:15:10.000000Z' }];
    expect(embeddedDate(video)).toMatchObject({ seconds: 1559384110, source: 'QuickTime creation_time' });
    // Without a date taken, the date digitized (and its offset) stands in.
    const scanned = emptyRecord({ name: 's.jpg', size: 1 });
    scanned.summary = [
      { key: 'CreateDate', value: '2019:06:01 12:10:10' },
      { key: 'OffsetTimeDigitized', value: '+02:00' },
    ];
    expect(embeddedDate(scanned)).toMatchObject({ seconds: 1559383810, source: 'EXIF CreateDate', zoned: true });
    expect(keys(video)).toEqual(['DateConflict', 'LocationOnlyInSidecar']);
  });
  it('positions more than 100 m apart; a location only in the sidecar', () => {
    expect(keys(photo('2019:06:01 10:10:10', '+00:00', [38.7139, -9.1374]))).toEqual(['PositionConflict']);
    expect(keys(photo('2019:06:01 10:10:10', '+00:00', [38.71395, -9.1394]))).toEqual([]);
    expect(keys(photo('2019:06:01 10:10:10', '+00:00'))).toEqual(['LocationOnlyInSidecar']);
    expect(Math.round(distanceM({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }))).toBe(111195);
  });
});

describe('sidecarFactsOf', () => {
  it('reads back the facts asSidecarRecord wrote into the takeout group, through JSON', () => {
    const full: SidecarFacts = {
      kind: 'media',
      title: 'IMG_1.jpg',
      description: 'Lisbon',
      photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' },
      creationTime: { timestamp: 1559390000, iso: '2019-06-01T11:53:20Z' },
      geoData: { latitude: 38.7139, longitude: -9.1394, altitude: 12.5 },
      geoDataExif: null,
      people: ['Ana', 'Rui'],
      favorited: true,
      url: 'https://photos.google.com/photo/x',
      origin: 'mobileUpload (ANDROID_PHONE)',
      appSource: 'com.google.android.apps.photos',
    };
    const r = emptyRecord({ name: 'IMG_1.jpg.json', size: 1 });
    asSidecarRecord(r, full, []);
    expect(sidecarFactsOf(JSON.parse(JSON.stringify(r.groups)))).toEqual(full);
    // The groups made again from the facts read back (as the page keeps a sidecar) are the record's own.
    for (const facts of [full, { kind: 'media', people: [] } as SidecarFacts]) {
      const record = emptyRecord({ name: 'IMG_1.jpg.json', size: 1, path: 'Takeout/Google Photos/IMG_1.jpg.json' });
      asSidecarRecord(record, facts, []);
      expect(sidecarGroups(sidecarFactsOf(JSON.parse(JSON.stringify(record.groups)))!, record.file)).toEqual(record.groups);
    }
    expect(sidecarFactsOf([])).toBeUndefined();
  });
});
