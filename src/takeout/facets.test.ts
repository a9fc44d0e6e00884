import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../extractors/empty-record';
import { addNoSidecar, addTakeoutFacts, asSidecarRecord, takeoutGains } from './annotate';
import { takeoutFacetsOf } from './facets';
import type { SidecarFacts } from './sidecar';

const facts: SidecarFacts = {
  kind: 'media',
  people: ['Ana'],
  description: 'Lisbon',
  photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' },
  geoData: { latitude: 38.7139, longitude: -9.1394 },
};

/** A photo record whose summary has, optionally, an EXIF date (UTC), a GPS position and XMP PersonInImage (as photo/summary.ts names them). */
function photo(opts: { date?: string; gps?: boolean; people?: string[] } = {}) {
  const r = emptyRecord({ name: 'a.jpg', size: 1 });
  if (opts.date) r.summary.push({ key: 'DateTimeOriginal', value: opts.date }, { key: 'OffsetTimeOriginal', value: '+00:00' });
  if (opts.people) r.summary.push({ key: 'PersonInImage', value: opts.people });
  if (opts.gps) r.summary.push({ key: 'GPSLatitude', value: 38.7139 }, { key: 'GPSLongitude', value: -9.1394 });
  return r;
}

describe('what a sidecar adds, and the facets the list filters on', () => {
  it('gains: only the facts the file lacks; XMP dates count as embedded', () => {
    expect(takeoutGains(photo(), facts)).toEqual(['date', 'place', 'people', 'description']);
    expect(takeoutGains(photo({ date: '2019:06:01 10:10:10', gps: true, people: ['Ana'] }), facts)).toEqual(['description']);
    const xmpDated = photo();
    xmpDated.summary.push({ key: 'DateTimeOriginal', value: '2019-06-01T10:10:10Z' });
    expect(takeoutGains(xmpDated, facts)).not.toContain('date');
  });
  it('facets of annotated media, a media file without a sidecar, an orphan sidecar; the summary counts them', () => {
    const bare = photo();
    addTakeoutFacts(bare, facts, 'a.jpg.json', ['exact']);
    const tagged = photo({ date: '2019:06:01 10:10:10', gps: true });
    addTakeoutFacts(tagged, facts, 'b.jpg.json', ['exact']);
    const conflicting = photo({ date: '2024:01:01 00:00:00', gps: true });
    addTakeoutFacts(conflicting, facts, 'c.jpg.json', ['exact']);
    const lonely = photo();
    addNoSidecar(lonely, ['d.jpg.json']);
    const orphan = emptyRecord({ name: 'e.jpg.json', size: 1 });
    asSidecarRecord(orphan, facts, []);
    expect([...takeoutFacetsOf(bare)].sort()).toEqual(['conflicts', 'gains-date', 'gains-people', 'gains-place', 'sidecar']);
    expect([...takeoutFacetsOf(tagged)].sort()).toEqual(['gains-people', 'sidecar', 'tagged']);
    expect(takeoutFacetsOf(conflicting)).toContain('conflicts');
    expect(takeoutFacetsOf(lonely)).toEqual(['no-sidecar']);
    expect(takeoutFacetsOf(orphan)).toEqual(['orphan']);
    expect(takeoutFacetsOf(photo())).toEqual([]);
    const counts = new Map<string, number>();
    for (const r of [bare, tagged, conflicting, lonely, orphan, undefined]) for (const f of takeoutFacetsOf(r)) counts.set(f, (counts.get(f) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ sidecar: 3, 'no-sidecar': 1, 'gains-date': 1, 'gains-place': 1, 'gains-people': 3, tagged: 2, conflicts: 2, orphan: 1 });
  });
});
