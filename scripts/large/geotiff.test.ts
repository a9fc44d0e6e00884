import { describe, expect, it } from 'vitest';
import { open, stat } from 'node:fs/promises';
import type { FieldGroup } from '../../src/extractors/types';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { largeGeotiffLayout, writeLargeGeotiff } from './geotiff';

const GIB4 = 2 ** 32;
const MIB = 2 ** 20;
/** The layout, pinned by hand (see the module comment of ./geotiff.ts). */
const SIZE = 7_069_609_078;
const IFD_OFFSETS = [7_069_499_408, 7_069_580_974, 7_069_602_006, 7_069_607_486];
const FIRST_TILE = [1_783_627_792, 424_673_296, 84_934_672, 16];
const TILE_COUNTS = [5041, 1296, 324, 81];
const IFD0_TILE_OFFSETS_AT = 7_069_499_874;
const IFD0_TILE_BYTE_COUNTS_AT = 7_069_540_202;

const large = largeFileSuite('large-geotiff-', writeLargeGeotiff);

const values = fieldValues;
function group(id: string, groups: readonly FieldGroup[] = large.record.groups): FieldGroup {
  for (const g of groups) {
    if (g.id === id) return g;
    const hit = g.children && group(id, g.children);
    if (hit) return hit;
  }
  return undefined as unknown as FieldGroup;
}

/** Reads `count` LONG8 values at `offset` straight from the file. */
async function long8s(offset: number, count: number): Promise<number[]> {
  const fh = await open(large.path, 'r');
  try {
    const b = Buffer.alloc(count * 8);
    await fh.read(b, 0, b.length, offset);
    return Array.from({ length: count }, (_, i) => Number(b.readBigUInt64LE(i * 8)));
  } finally {
    await fh.close();
  }
}

describe('large GeoTIFF (36000² Float32 BigTIFF, IFDs at the end past 4 GiB)', () => {
  it('is written sparse with the planned layout', async () => {
    const layout = largeGeotiffLayout();
    expect(layout.size).toBe(SIZE);
    expect(layout.ifdOffsets).toEqual(IFD_OFFSETS);
    expect(layout.firstBlockOffsets).toEqual(FIRST_TILE);
    const st = await stat(large.path);
    expect(st.size).toBe(SIZE);
    expect(st.blocks * 512).toBeLessThan(1024 * 1024);
    expect(IFD_OFFSETS[0]).toBeGreaterThan(GIB4);
  });

  it('has tile arrays pointing at real 1 MiB tiles that end where the IFDs begin', async () => {
    const offsets = await long8s(IFD0_TILE_OFFSETS_AT, 5041);
    const counts = await long8s(IFD0_TILE_BYTE_COUNTS_AT, 5041);
    expect(counts.every((c) => c === MIB)).toBe(true);
    expect(offsets.every((o, k) => o === FIRST_TILE[0] + k * MIB)).toBe(true);
    expect(offsets[5040] + counts[5040]).toBe(IFD_OFFSETS[0]);
    expect(offsets.filter((o) => o > GIB4).length).toBeGreaterThan(0);
  });

  it('extracts the image, georeferencing and GDAL metadata without errors', () => {
    expect(large.record.format.id).toBe('geotiff');
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(values(large.record.summary)).toMatchObject({
      ImageWidth: 36000,
      ImageLength: 36000,
      SamplesPerPixel: 1,
      DataType: 'Float32',
      EPSG: 32633,
      CRS: 'WGS 84 / UTM zone 33N',
      Resolution: [10, 10],
      BoundingBox: [300000, 5440000, 660000, 5800000],
      GeoTransform: [300000, 10, 0, 5800000, 0, -10],
      COMPRESSION: 'None',
      Tiled: true,
      BlockSize: [512, 512],
      OverviewCount: 3,
      COG: false,
      GDAL_NODATA: -9999,
      AREA_OR_POINT: 'Area',
    });
    expect(values(group('geokeys').fields)).toMatchObject({ GTModelTypeGeoKey: 'Projected', ProjectedCSTypeGeoKey: 'WGS 84 / UTM zone 33N', ProjLinearUnitsGeoKey: 'metre' });
    expect(values(group('gdal').fields)).toEqual({ GDAL_NODATA: -9999, PRODUCT: 'MetaExtract large GeoTIFF', NOTE: 'IFDs past 4 GiB <img src=x onerror=alert(1)>' });
    expect(values(group('gdal-band-1').fields)).toEqual({ DESCRIPTION: 'elevation', UNITTYPE: 'm' });
  });

  it('walks all four IFDs past 4 GiB at their exact offsets', () => {
    expect(values(group('tiff').fields)).toMatchObject({ BigTIFF: true, FirstIFDOffset: IFD_OFFSETS[0], IFDCount: 4, OverviewCount: 3, IFDsBeforeData: false });
    const ifds = group('ifds').children!;
    expect(ifds.map((g) => values(g.fields).Offset)).toEqual(IFD_OFFSETS);
    expect(ifds.map((g) => values(g.fields).TileCount)).toEqual(TILE_COUNTS);
    expect(ifds.map((g) => values(g.fields).ImageWidth)).toEqual([36000, 18000, 9000, 4500]);
    expect(ifds.slice(1).map((g) => values(g.fields).NewSubfileType)).toEqual(['reduced-resolution', 'reduced-resolution', 'reduced-resolution']);
    const ifd0 = values(ifds[0].fields);
    expect(ifd0).toMatchObject({ Software: 'MetaExtract large-file writer', DateTime: '2024:11:02 03:14:15', GDAL_NODATA: '-9999' });
    const tileOffsets = ifds[0].fields.find((f) => f.key === 'TileOffsets')!;
    expect(tileOffsets.comment).toContain(`at offset ${IFD0_TILE_OFFSETS_AT}`);
    const tileByteCounts = ifds[0].fields.find((f) => f.key === 'TileByteCounts')!;
    expect(tileByteCounts.comment).toContain(`at offset ${IFD0_TILE_BYTE_COUNTS_AT}`);
  });

  it('reads at most 1 MiB', () => {
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(MIB);
  });
});
