import { describe, expect, it } from 'vitest';
import { gdalBlockSize, gdalCompression, gdalDataType, parseGdalMetadata, parseNoData } from './gdal';
import { parseGhostArea } from './ghost';
import { parseGeoKeyDirectory } from './geokeys';
import { identifyCrs } from './epsg';
import { geoTransform } from './geo';

const strip = { samplesPerPixel: 1, bitsPerSample: 8, planar: 1 };

describe('GDAL conventions', () => {
  it('block size: tiles, strips, libtiff strip chopping, GDAL one-line split', () => {
    expect(gdalBlockSize({ ...strip, width: 100, height: 100, tileWidth: 64, tileLength: 32, compression: 1 })).toEqual([64, 32]);
    expect(gdalBlockSize({ ...strip, width: 791, height: 718, samplesPerPixel: 3, rowsPerStrip: 3, compression: 1 })).toEqual([791, 3]);
    expect(gdalBlockSize({ ...strip, width: 25, height: 24, compression: 1 })).toEqual([25, 24]);
    expect(gdalBlockSize({ ...strip, width: 1000, height: 1000, compression: 1 })).toEqual([1000, 8]);
    expect(gdalBlockSize({ ...strip, width: 10000, height: 500, rowsPerStrip: 500, compression: 1 })).toEqual([10000, 1]);
    expect(gdalBlockSize({ ...strip, width: 500, height: 3000, compression: 5 })).toEqual([500, 1]);
    expect(gdalBlockSize({ ...strip, width: 500, height: 1000, compression: 5 })).toEqual([500, 1000]);
  });

  it('data types and compression names', () => {
    expect(gdalDataType(8, 1)).toBe('Byte');
    expect(gdalDataType(16, 2)).toBe('Int16');
    expect(gdalDataType(32, 3)).toBe('Float32');
    expect(gdalDataType(64, 3)).toBe('Float64');
    expect(gdalDataType(12, 1)).toBe('UInt16');
    expect(gdalDataType(32, 6)).toBeNull();
    expect(gdalDataType(64, 6)).toBe('CFloat32');
    expect(gdalCompression(1, 1)).toBeNull();
    expect(gdalCompression(7, 6)).toBe('YCbCr JPEG');
    expect(gdalCompression(7, 2)).toBe('JPEG');
    expect(gdalCompression(32946, 1)).toBe('DEFLATE');
    expect(gdalCompression(34887, 1, [2, 2])).toBe('LERC_ZSTD');
    expect(gdalCompression(12345, 1)).toBe('12345');
  });

  it('nodata text', () => {
    expect(parseNoData('-9999\0')).toBe(-9999);
    expect(parseNoData('nan')).toBe('nan');
    expect(parseNoData('-NaN')).toBe('nan');
    expect(parseNoData('-inf')).toBe('-inf');
    expect(parseNoData('1e-3')).toBe(0.001);
    expect(parseNoData('')).toBeNull();
  });

  it('GDAL_METADATA XML with entities, bands, roles and domains', () => {
    const items = parseGdalMetadata('<GDALMetadata><Item name="A&amp;B">x &lt;y&gt; &#65;</Item><Item name="S" sample="1" role="scale">2</Item><Item name="E" domain="IMAGERY"/></GDALMetadata>');
    expect(items).toEqual([
      { name: 'A&B', value: 'x <y> A' },
      { name: 'S', value: '2', sample: 1, role: 'scale' },
      { name: 'E', value: '', domain: 'IMAGERY' },
    ]);
  });

  it('COG ghost area, and an edited COG', () => {
    const text =
      'GDAL_STRUCTURAL_METADATA_SIZE=000140 bytes\nLAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';
    const bytes = new Uint8Array(8 + text.length + 8);
    bytes.set(new TextEncoder().encode(text), 8);
    expect(parseGhostArea(bytes, false)).toMatchObject({ size: 140, cog: true, incompatibleEdition: false });
    bytes.set(new TextEncoder().encode(text.replace('EDITION=NO', 'EDITION=YES')), 8);
    expect(parseGhostArea(bytes, false)).toMatchObject({ cog: false, incompatibleEdition: true });
    expect(parseGhostArea(new Uint8Array(200), false)).toBeNull();
  });

  it('GeoKeys: bad references become problems; UTM ProjectionGeoKey on WGS 84 identifies EPSG', () => {
    const dir = parseGeoKeyDirectory([1, 1, 1, 4, 1024, 0, 1, 1, 2048, 0, 1, 4326, 3074, 0, 1, 16033, 3082, 34736, 1, 5], [1, 2], 'x|');
    expect(dir.revision).toBe('1.1');
    expect(dir.problems).toHaveLength(1);
    expect(identifyCrs(dir)).toMatchObject({ epsg: 32633, kind: 'projected' });
    const user = parseGeoKeyDirectory([1, 1, 0, 3, 1024, 0, 1, 1, 1026, 34737, 5, 0, 3072, 0, 1, 32767], undefined, 'Mine|');
    expect(identifyCrs(user)).toMatchObject({ epsg: null, citation: 'Mine' });
  });

  it('geotransform: several tie points without a pixel scale (GCPs) give none; with one, the first tie point anchors it (gdalinfo)', () => {
    const two = [0, 0, 0, 1, 2, 0, 10, 10, 0, 3, 4, 0];
    expect(geoTransform(two, undefined, undefined, false)).toBeNull();
    expect(geoTransform(two, [1, 1, 0], undefined, false)?.gt).toEqual([1, 1, 0, 2, 0, -1]);
    expect(geoTransform([0, 0, 0, 100, 200, 0], [2, 2, 0], undefined, true)?.gt).toEqual([99, 2, 0, 201, 0, -2]);
  });
});
