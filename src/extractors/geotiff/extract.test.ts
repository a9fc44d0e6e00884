import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { writeFixtures, HTML_PAYLOAD } from '../../../scripts/fixtures/geotiff';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { extractRecord } from '../run';
import { BytesSource } from '../source/bytes-source';
import { CountedSource } from '../source/counted-source';
import { ExtractError } from '../errors';
import { DEFAULT_OPTIONS, type Field, type FieldGroup, type MetadataRecord } from '../types';
import { extractor } from './extract';
import { corpusFacts } from '../../testing/facts/geotiff';
import { mapError } from './read';
import { sniffGeotiff } from './sniff';

const fixture = fixtureFolder('geotiff-fixtures-', writeFixtures);
const file = (name: string) => fixture(`geotiff-${name}.tif`);

async function record(name: string): Promise<MetadataRecord> {
  return extractPath(file(name));
}

/** Runs our extractor directly (no detection), as the registry would after a 'yes'. */
async function direct(bytes: Uint8Array, signal?: AbortSignal) {
  const warnings: string[] = [];
  const out = await extractor.extract(new BytesSource(bytes, 'x.tif'), { signal, options: DEFAULT_OPTIONS, warn: (m) => warnings.push(m) });
  return { out, warnings };
}

const field = (fields: Field[] | undefined, key: string) => fields?.find((f) => f.key === key);
const group = (groups: FieldGroup[] | undefined, id: string) => groups?.find((g) => g.id === id);
const summary = (r: { summary: Field[] }, key: string) => field(r.summary, key)?.value;

describe('geotiff-basic.tif (tiled UTM COG with overviews, mask, GDAL tags)', () => {
  it('gives the summary a user wants first', async () => {
    const r = await record('basic');
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'geotiff', name: 'Cloud Optimized GeoTIFF', version: 'GeoTIFF 1.0' });
    expect(summary(r, 'ImageWidth')).toBe(512);
    expect(summary(r, 'ImageLength')).toBe(512);
    expect(summary(r, 'SamplesPerPixel')).toBe(1);
    expect(summary(r, 'DataType')).toBe('Float32');
    expect(summary(r, 'EPSG')).toBe(32633);
    expect(summary(r, 'CRS')).toBe('WGS 84 / UTM zone 33N');
    expect(summary(r, 'Resolution')).toEqual([10, 10]);
    expect(field(r.summary, 'Resolution')?.unit).toBe('m');
    expect(summary(r, 'BoundingBox')).toEqual([500000, 5794880, 505120, 5800000]);
    expect(summary(r, 'COMPRESSION')).toBe('DEFLATE');
    expect(summary(r, 'BlockSize')).toEqual([256, 256]);
    expect(summary(r, 'OverviewCount')).toBe(2);
    expect(summary(r, 'MaskCount')).toBe(1);
    expect(summary(r, 'COG')).toBe(true);
    expect(summary(r, 'GDAL_NODATA')).toBe(-9999);
  });

  it('maps to the corpus facts', async () => {
    expect(corpusFacts(await record('basic'))).toEqual({
      bigtiff: false,
      byte_order: 'little',
      tiled: true,
      width: 512,
      height: 512,
      bands: 1,
      data_type: 'Float32',
      block_size: [256, 256],
      overview_count: 2,
      nodata: -9999,
      epsg: 32633,
      geotransform: [500000, 10, 0, 5800000, 0, -10],
      bbox: [500000, 5794880, 505120, 5800000],
      compression: 'DEFLATE',
      interleave: 'BAND',
      area_or_point: 'Area',
      layout: 'COG',
    });
  });

  it('lists every IFD with its role, the GeoKeys with names and raw codes, and the ghost area', async () => {
    const r = await record('basic');
    const ifds = group(r.groups, 'ifds')!.children!;
    expect(ifds.map((g) => field(g.fields, 'Role')?.value)).toEqual(['main', 'overview', 'overview', 'mask']);
    expect(ifds.map((g) => g.label)).toEqual(['IFD 0 — full resolution, 512×512', 'IFD 1 — overview 1, 256×256', 'IFD 2 — overview 2, 128×128', 'IFD 3 — mask, 512×512']);
    const ifd0 = ifds[0].fields;
    expect(field(ifd0, 'Compression')).toMatchObject({ value: 'Deflate (Adobe)', raw: 8 });
    expect(field(ifd0, 'SampleFormat')).toMatchObject({ value: 'IEEE floating point', raw: 3 });
    expect(field(ifd0, 'Predictor')).toMatchObject({ value: 'Floating point', raw: 3 });
    expect(field(ifd0, 'TileOffsets')?.value).toBe(4);
    expect(field(ifds[3].fields, 'NewSubfileType')).toMatchObject({ value: 'mask', raw: 4 });
    const keys = group(r.groups, 'geokeys')!.fields;
    expect(field(keys, 'GTModelTypeGeoKey')).toMatchObject({ value: 'Projected', raw: 1 });
    expect(field(keys, 'GTRasterTypeGeoKey')).toMatchObject({ value: 'PixelIsArea', raw: 1 });
    expect(field(keys, 'ProjectedCSTypeGeoKey')).toMatchObject({ value: 'WGS 84 / UTM zone 33N', raw: 32633 });
    expect(field(keys, 'ProjLinearUnitsGeoKey')).toMatchObject({ value: 'metre', raw: 9001 });
    expect(field(keys, 'GTCitationGeoKey')?.value).toBe('WGS 84 / UTM zone 33N');
    const tiff = group(r.groups, 'tiff')!;
    expect(field(tiff.fields, 'IFDsBeforeData')?.value).toBe(true);
    expect(field(tiff.fields, 'LAYOUT')?.value).toBe('COG');
    expect(field(tiff.children![0].fields, 'BLOCK_ORDER')?.value).toBe('ROW_MAJOR');
  });

  it('keeps GDAL metadata items (dataset and band) as plain text, HTML payload included', async () => {
    const r = await record('basic');
    const gdal = group(r.groups, 'gdal')!;
    expect(field(gdal.fields, 'TIFFTAG_SOFTWARE_NOTE')?.value).toBe(HTML_PAYLOAD);
    expect(field(gdal.fields, 'PRODUCT')?.value).toBe('MetaExtract fixture');
    const band1 = gdal.children![0];
    expect(band1.label).toBe('Band 1');
    expect(field(band1.fields, 'STATISTICS_MAXIMUM')?.value).toBe('42.5');
    expect(field(band1.fields, 'SCALE')).toMatchObject({ value: '0.5', comment: 'role scale' });
  });
});

describe('other variants', () => {
  it('stripped EPSG:4326 with PixelIsPoint: GDAL half-pixel shift, strip blocks, PIXEL interleave', async () => {
    const r = await record('strip-4326');
    expect(r.errors).toEqual([]);
    const f = corpusFacts(r);
    expect(f).toMatchObject({
      epsg: 4326,
      tiled: false,
      bands: 3,
      data_type: 'Byte',
      block_size: [360, 8],
      interleave: 'PIXEL',
      compression: null,
      nodata: null,
      area_or_point: 'Point',
      overview_count: 0,
    });
    expect(f.geotransform).toEqual([-180, 1, 0, 90, 0, -1]);
    expect(f.bbox).toEqual([-180, -90, 180, 90]);
    expect('layout' in f).toBe(false);
    expect(summary(r, 'CRS')).toBe('WGS 84');
    expect(field(group(r.groups, 'ifds')!.children![0].fields, 'ImageDescription')?.value).toBe(`RGB test ${HTML_PAYLOAD}`);
  });

  it('BigTIFF with a rotated ModelTransformation', async () => {
    const r = await record('bigtiff');
    expect(r.errors).toEqual([]);
    expect(r.format.name).toBe('GeoTIFF (BigTIFF)');
    const f = corpusFacts(r);
    expect(f).toMatchObject({ bigtiff: true, byte_order: 'little', epsg: 3857, data_type: 'UInt16', compression: 'LZW', block_size: [512, 512] });
    const gt = f.geotransform as number[];
    expect(gt[0]).toBe(1000000);
    expect(gt[1]).toBeCloseTo(86.6025, 3);
    expect(gt[2]).toBeCloseTo(-50, 6);
    expect(gt[5]).toBeCloseTo(-86.6025, 3);
    expect(summary(r, 'CRS')).toBe('WGS 84 / Pseudo-Mercator');
    expect(summary(r, 'Resolution')).toEqual([expect.closeTo(100, 9), expect.closeTo(100, 9)]);
  });

  it('big-endian file: user-defined CRS, nan nodata, RATIONAL values, GeoDoubleParams', async () => {
    const r = await record('bigendian');
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({ byte_order: 'big', bigtiff: false, epsg: null, nodata: 'nan', data_type: 'Float32', compression: 'PACKBITS', block_size: [100, 25] });
    expect(summary(r, 'CRS')).toBe('Custom transverse merc.');
    const ifd0 = group(r.groups, 'ifds')!.children![0].fields;
    expect(field(ifd0, 'XResolution')?.value).toBe(300);
    expect(field(ifd0, 'YResolution')?.value).toBe(300);
    const keys = group(r.groups, 'geokeys')!.fields;
    expect(field(keys, 'ProjectedCSTypeGeoKey')).toMatchObject({ value: 'user-defined', raw: 32767 });
    expect(field(keys, 'ProjCoordTransGeoKey')).toMatchObject({ value: 'CT_TransverseMercator', raw: 1 });
    expect(field(keys, 'ProjNatOriginLongGeoKey')?.value).toBe(9);
    expect(field(keys, 'ProjScaleAtNatOriginGeoKey')?.value).toBe(0.9996);
  });

  it('a TIFF without geo tags is not claimed by the GeoTIFF sniffer, and reads as a plain TIFF', async () => {
    const bytes = new Uint8Array(await readFile(file('plain')));
    expect(sniffGeotiff(bytes.subarray(0, 65536))).toBe('no');
    const { out } = await direct(bytes);
    expect(out.format.name).toBe('TIFF');
    expect(field(out.summary, 'EPSG')).toBeUndefined();
    expect(field(out.summary, 'GeoTransform')).toBeUndefined();
    expect(field(out.summary, 'AREA_OR_POINT')).toBeUndefined();
    expect(field(out.summary, 'BlockSize')?.value).toEqual([64, 64]);
  });
});

describe('laziness', () => {
  it('reads a small fraction of the multi-megabyte file (IFDs at its end, tile arrays never loaded)', async () => {
    const r = await record('large');
    expect(r.errors).toEqual([]);
    expect(r.file.size).toBeGreaterThan(5_000_000);
    expect(r.stats.bytesRead).toBeLessThan(r.file.size * 0.02);
    expect(summary(r, 'OverviewCount')).toBe(2);
    expect(field(group(r.groups, 'tiff')!.fields, 'IFDsBeforeData')?.value).toBe(false);
    expect(summary(r, 'COG')).toBe(false);
  });

  it('without the sniffing head cache, reads only the header and the IFDs at the end (no readahead)', async () => {
    const bytes = new Uint8Array(await readFile(file('large')));
    const source = new BytesSource(bytes, 'large.tif');
    await extractor.extract(source, { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(source.bytesRead).toBeLessThan(8 * 1024);
  });
});

describe('damaged and foreign inputs', () => {
  it('truncated inside IFD 1: IFD 0 is returned with a truncated error', async () => {
    const r = await record('truncated');
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(summary(r, 'ImageWidth')).toBe(512);
    expect(summary(r, 'OverviewCount')).toBe(0);
  });

  it('truncated inside IFD 0: truncated error, nothing else', async () => {
    const bytes = new Uint8Array(await readFile(file('basic'))).slice(0, 260);
    await expect(direct(bytes)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('an unknown field type drops that tag only, with a warning (libtiff: "tag ignored")', async () => {
    const r = await record('corrupt');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['IFD 0: Tag 258 has unknown field type 99; the tag is ignored, as libtiff does.']);
    expect(summary(r, 'ImageWidth')).toBe(512);
    expect(summary(r, 'EPSG')).toBe(32633);
  });

  it('garbage is unsupported-format, through detection and directly', async () => {
    const r = await record('garbage');
    expect(r.errors.map((e) => e.code)).toEqual(['unsupported-format']);
    const bytes = new Uint8Array(await readFile(file('garbage')));
    await expect(direct(bytes)).rejects.toBeInstanceOf(ExtractError);
    await expect(direct(bytes)).rejects.toMatchObject({ code: 'unsupported-format' });
  });

  it('an IFD chain that loops back stops with a warning', async () => {
    const bytes = new Uint8Array(await readFile(file('basic')));
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    const first = dv.getUint32(4, true);
    let off = first;
    for (let i = 0; i < 3; i++) off = dv.getUint32(off + 2 + dv.getUint16(off, true) * 12, true);
    dv.setUint32(off + 2 + dv.getUint16(off, true) * 12, first, true);
    const { out, warnings } = await direct(bytes);
    expect(warnings.some((w) => w.includes('loops'))).toBe(true);
    expect(field(group(out.groups, 'tiff')!.fields, 'IFDCount')?.value).toBe(4);
  });

  it('a tile array claiming 2^31 entries is refused as too-large before any allocation', async () => {
    const bytes = new Uint8Array(await readFile(file('basic')));
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    const ifd0 = dv.getUint32(4, true);
    const n = dv.getUint16(ifd0, true);
    for (let i = 0; i < n; i++) {
      const at = ifd0 + 2 + i * 12;
      if (dv.getUint16(at, true) === 324) dv.setUint32(at + 4, 0x7fffffff, true);
    }
    await expect(direct(bytes)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('an unreadable file (changed on disk) becomes read-failed', async () => {
    const bytes = new Uint8Array(await readFile(file('large')));
    class Failing extends CountedSource {
      readonly size = bytes.length;
      readonly name = 'gone.tif';
      protected async readRange(offset: number, length: number): Promise<Uint8Array> {
        if (offset > 0) throw Object.assign(new Error('The requested file could not be read'), { name: 'NotReadableError' });
        return bytes.subarray(offset, offset + length);
      }
    }
    const r = await extractRecord({ source: new Failing() });
    expect(r.errors.map((e) => e.code)).toEqual(['read-failed']);
  });

  it('maps geotiff and DOM throw values to typed errors', () => {
    expect(mapError(new TypeError('Invalid byte order value.')).code).toBe('unsupported-format');
    expect(mapError(new RangeError('Offset is outside the bounds of the DataView')).code).toBe('corrupt');
    expect(mapError({ type: 'error', target: { error: { name: 'NotReadableError' } } }).code).toBe('read-failed');
  });

  it('honours an aborted signal', async () => {
    const bytes = new Uint8Array(await readFile(file('basic')));
    const ac = new AbortController();
    ac.abort();
    await expect(direct(bytes, ac.signal)).rejects.toMatchObject({ code: 'aborted' });
  });
});
