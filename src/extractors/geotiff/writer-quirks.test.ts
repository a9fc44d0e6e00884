/**
 * Writer quirks that gdalinfo (GDAL 3.6 GTiff driver over libtiff 4.5 and libgeotiff 1.7) reads
 * with a warning (issue 14): the file must not be refused as a whole, and the values gdalinfo
 * shows must be ours too. Each file is built in memory with the fixture layout writer; the
 * expected values are what gdalinfo -nomd prints for the same bytes.
 */
import { describe, expect, it } from 'vitest';
import type { Field, MetadataRecord } from '../types';
import { ascii, double, geoKeys, imageTags, layoutTiff, type IfdSpec } from '../../../scripts/fixtures/geotiff';
import { extractBytes } from '../../testing/extract-bytes';

const GEO: IfdSpec['tags'] = {
  33550: double(10, 10, 0),
  33922: double(0, 0, 0, 500000, 5800000, 0),
  34735: geoKeys([
    [1024, 0, 1, 1],
    [1025, 0, 1, 1],
    [1026, 34737, 22, 0],
    [3072, 0, 1, 32633],
  ]),
  34737: ascii('WGS 84 / UTM zone 33N|'),
  305: ascii('MetaExtract fixture writer'),
};
/** gdalinfo's geotransform of GEO: origin (500000, 5800000), 10 m pixels. */
const GT = [500000, 10, 0, 5800000, 0, -10];

/** A 16×16 Byte GeoTIFF (EPSG:32633) with `extra` tags, little-endian classic or BigTIFF. */
function build(extra: IfdSpec['tags'] = {}, bigTiff = false): Uint8Array {
  const layout = layoutTiff({ le: true, bigTiff, ifds: [{ tags: { ...imageTags({ w: 16, h: 16, bits: 8, rows: 16 }), ...GEO, ...extra }, tiled: false, blockBytes: [256] }] });
  const bytes = new Uint8Array(layout.size);
  for (const p of layout.pieces) bytes.set(p.bytes, p.offset);
  return bytes;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
/** Byte offset of the IFD 0 entry of `tag` (classic: 12-byte entries; BigTIFF: 20-byte). */
function entryAt(b: Uint8Array, tag: number, bigTiff = false): number {
  const dv = view(b);
  const ifd = bigTiff ? Number(dv.getBigUint64(8, true)) : dv.getUint32(4, true);
  const n = bigTiff ? Number(dv.getBigUint64(ifd, true)) : dv.getUint16(ifd, true);
  const [first, size] = bigTiff ? [ifd + 8, 20] : [ifd + 2, 12];
  for (let i = 0; i < n; i++) if (dv.getUint16(first + i * size, true) === tag) return first + i * size;
  throw new Error(`no tag ${tag}`);
}

const value = (fields: readonly Field[] | undefined, key: string) => fields?.find((f) => f.key === key)?.value;
const summary = (r: MetadataRecord, key: string) => value(r.summary, key);
const geoKeyFields = (r: MetadataRecord) => r.groups.find((g) => g.id === 'geokeys')?.fields;

async function extract(bytes: Uint8Array): Promise<MetadataRecord> {
  return (await extractBytes(bytes, 'quirk.tif')).r;
}

describe('TIFF structure quirks libtiff tolerates', () => {
  it('a tag value past EOF: the tag is ignored with a warning, the rest is read', async () => {
    const b = build();
    view(b).setUint32(entryAt(b, 305) + 8, b.length + 1000, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([`IFD 0: Tag 305: its value (27 bytes at offset ${b.length + 1000}) lies past the end of the file; the tag is ignored, as libtiff does.`]);
    expect(summary(r, 'ImageWidth')).toBe(16);
    expect(summary(r, 'EPSG')).toBe(32633);
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });

  it('a ModelTiepoint past EOF: no geotransform (as gdalinfo), CRS kept', async () => {
    const b = build();
    view(b).setUint32(entryAt(b, 33922) + 8, b.length, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^IFD 0: Tag 33922: .* past the end of the file; the tag is ignored/)]);
    expect(summary(r, 'EPSG')).toBe(32633);
    expect(summary(r, 'GeoTransform')).toBeUndefined();
  });

  it('an entry count larger than the file: that tag is ignored', async () => {
    const b = build();
    view(b).setUint32(entryAt(b, 305) + 4, 0x10000000, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^IFD 0: Tag 305: its value \(268435456 bytes .* the tag is ignored/)]);
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });

  it('an unknown field type on a non-image tag: that tag is ignored', async () => {
    const b = build();
    view(b).setUint16(entryAt(b, 305) + 2, 99, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['IFD 0: Tag 305 has unknown field type 99; the tag is ignored, as libtiff does.']);
    expect(summary(r, 'EPSG')).toBe(32633);
  });

  it('a repeated tag: the first entry wins (gdalinfo: Size is 16, 16), with a warning', async () => {
    const b = build();
    const at = entryAt(b, 305);
    const dv = view(b);
    dv.setUint16(at, 256, true); // a second ImageWidth, SHORT 99, after the first one
    dv.setUint16(at + 2, 3, true);
    dv.setUint32(at + 4, 1, true);
    dv.setUint32(at + 8, 99, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(summary(r, 'ImageWidth')).toBe(16);
    expect(r.warnings).toContainEqual(expect.stringMatching(/^IFD 0: Tag 256 appears again \(entry \d+\); the later entry is ignored/));
    expect(r.warnings).toContainEqual('IFD 0: The tags are not sorted in ascending order (TIFF 6.0 §2); read as found.');
  });

  it('BigTIFF: a value offset beyond 2^53 drops that tag; strip offsets beyond 2^53 are not read', async () => {
    const b = build({}, true);
    view(b).setBigUint64(entryAt(b, 305, true) + 12, 2n ** 60n, true);
    view(b).setBigUint64(entryAt(b, 273, true) + 12, 2n ** 60n, true);
    const r = await extract(b);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^IFD 0: Tag 305: .* past the end of the file; the tag is ignored/)]);
    expect(summary(r, 'ImageWidth')).toBe(16);
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });

  it('BigTIFF: a next-IFD offset beyond 2^53 ends the chain; IFD 0 is kept', async () => {
    const b = build({}, true);
    const dv = view(b);
    const ifd = Number(dv.getBigUint64(8, true));
    dv.setBigUint64(ifd + 8 + Number(dv.getBigUint64(ifd, true)) * 20, 2n ** 60n, true);
    const r = await extract(b);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/^IFD 1 .*lies outside the file/) })]);
    expect(summary(r, 'EPSG')).toBe(32633);
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });
});

describe('GeoTIFF tag quirks GDAL tolerates', () => {
  it('ModelTransformation and tie point + pixel scale together: the tie point wins, as in GDAL', async () => {
    const r = await extract(build({ 34264: double(20, 0, 0, 100000, 0, -20, 0, 200000, 0, 0, 0, 0, 0, 0, 0, 1) }));
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });

  it('a pixel scale of 0 falls back to ModelTransformation', async () => {
    const r = await extract(build({ 33550: double(0, 10, 0), 34264: double(20, 0, 0, 100000, 0, -20, 0, 200000, 0, 0, 0, 0, 0, 0, 0, 1) }));
    expect(summary(r, 'GeoTransform')).toEqual([100000, 20, 0, 200000, 0, -20]);
  });

  it('two tie points with a pixel scale: the first anchors the grid', async () => {
    const r = await extract(build({ 33922: double(0, 0, 0, 500000, 5800000, 0, 16, 16, 0, 500160, 5799840, 0) }));
    expect(summary(r, 'GeoTransform')).toEqual(GT);
  });

  it('a GeoKey running past GeoAsciiParams: the value is cut at its end (libgeotiff), with a problem', async () => {
    const r = await extract(
      build({
        34735: geoKeys([
          [1024, 0, 1, 1],
          [1026, 34737, 40, 0],
          [3072, 0, 1, 32633],
        ]),
      }),
    );
    expect(r.errors).toEqual([]);
    expect(value(geoKeyFields(r), 'GTCitationGeoKey')).toBe('WGS 84 / UTM zone 33N');
    expect(
      geoKeyFields(r)
        ?.filter((f) => f.key === 'Problem')
        .map((f) => f.value),
    ).toEqual(['GTCitationGeoKey: GeoAsciiParams[0..40] runs past its 22 characters; the value is cut there, as libgeotiff does.']);
  });
});
