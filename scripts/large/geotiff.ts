/**
 * Large GeoTIFF (issue 3): a tiled BigTIFF of 36000 × 36000 Float32 pixels with 3 overviews,
 * laid out by the fixture TIFF writer (scripts/fixtures/geotiff.ts `layoutTiff`) and written
 * sparse: only the 16-byte header and the block of IFDs at the end of the file are real bytes;
 * every tile is a hole that reads as zeros (valid uncompressed Float32 tiles).
 *
 * Layout of `geotiff-large-bigtiff.tif` (little-endian BigTIFF, version 43; 7,069,609,078 bytes,
 * about 110 KiB on disk):
 * - 0: header; first IFD offset 7,069,499,408 (past 4 GiB).
 * - 16 … 7,069,499,407: 6,742 uncompressed 512 × 512 Float32 tiles of 1 MiB each, in the fixture
 *   writer's order (smallest overview first): overview 3 (4500², 9 × 9 tiles) at 16, overview 2
 *   (9000², 18 × 18) at 84,934,672, overview 1 (18000², 36 × 36) at 424,673,296, then the full
 *   resolution image (36000², 71 × 71 = 5,041 tiles) at 1,783,627,792 … 7,069,499,407 (its tile
 *   offsets run past 2^32).
 * - 7,069,499,408 … end: the four IFDs in chain order (as GDAL writes a non-COG file, after the
 *   data) at 7,069,499,408, 7,069,580,974, 7,069,602,006 and 7,069,607,486, each followed by
 *   its out-of-line values: TileOffsets / TileByteCounts as LONG8 arrays (5,041 entries each in
 *   IFD 0, at 7,069,499,874 and 7,069,540,202), and in IFD 0 the GeoTIFF tags (ModelPixelScale 10 m,
 *   ModelTiepoint (0,0) → (300000, 5800000), GeoKeyDirectory for EPSG:32633 "WGS 84 / UTM zone
 *   33N" with linear unit metre), GDAL_METADATA (dataset and band items), GDAL_NODATA "-9999",
 *   Software and DateTime. Overviews are NewSubfileType 1 with GDAL_NODATA.
 * Deterministic (no clock, no randomness).
 */
import { join } from 'node:path';
import { ascii, double, geoKeys, imageTags, layoutTiff, tiles, type TiffLayout, type TiffSpec } from '../fixtures/geotiff';
import { writeSparseFile } from './sparse';

/** Name of the file written by writeLargeGeotiff. */
export const LARGE_GEOTIFF_NAME = 'geotiff-large-bigtiff.tif';
/** Full-resolution size (px), tile size (px) and the overview sizes (factors 2, 4, 8). */
export const LARGE_GEOTIFF_IMAGE = { width: 36000, height: 36000, tile: 512, overviews: [18000, 9000, 4500] } as const;
/** Text of the GDAL_METADATA tag (42112) of IFD 0. */
export const LARGE_GEOTIFF_GDAL_METADATA = `<GDALMetadata>
  <Item name="PRODUCT">MetaExtract large GeoTIFF</Item>
  <Item name="NOTE">IFDs past 4 GiB &lt;img src=x onerror=alert(1)&gt;</Item>
  <Item name="DESCRIPTION" sample="0" role="description">elevation</Item>
  <Item name="UNITTYPE" sample="0" role="unittype">m</Item>
</GDALMetadata>
`;

/** The TIFF description of the file (IFDs at the end, BigTIFF). */
export function largeGeotiffSpec(): TiffSpec {
  const { width, height, tile, overviews } = LARGE_GEOTIFF_IMAGE;
  const common = { bits: 32, format: 3, compression: 1, tile };
  return {
    le: true,
    bigTiff: true,
    ifdsAtEnd: true,
    ifds: [
      {
        tags: {
          ...imageTags({ w: width, h: height, ...common }),
          305: ascii('MetaExtract large-file writer'),
          306: ascii('2024:11:02 03:14:15'),
          33550: double(10, 10, 0),
          33922: double(0, 0, 0, 300000, 5800000, 0),
          34735: geoKeys([
            [1024, 0, 1, 1],
            [1025, 0, 1, 1],
            [1026, 34737, 22, 0],
            [3072, 0, 1, 32633],
            [3076, 0, 1, 9001],
          ]),
          34737: ascii('WGS 84 / UTM zone 33N|'),
          42112: ascii(LARGE_GEOTIFF_GDAL_METADATA),
          42113: ascii('-9999'),
        },
        tiled: true,
        blockBytes: tiles(width, height, tile, 4),
      },
      ...overviews.map((size) => ({
        tags: { ...imageTags({ w: size, h: size, nst: 1, ...common }), 42113: ascii('-9999') },
        tiled: true,
        blockBytes: tiles(size, size, tile, 4),
      })),
    ],
  };
}

/** Where everything lies: the file size, the IFD offsets and each IFD's first tile offset. */
export function largeGeotiffLayout(): TiffLayout {
  return layoutTiff(largeGeotiffSpec());
}

/**
 * Writes `geotiff-large-bigtiff.tif` into `dir` (created if needed) as the module comment
 * describes and returns its absolute path. Throws fs errors, or when the layout does not put the
 * IFDs past 4 GiB.
 */
export async function writeLargeGeotiff(dir: string): Promise<string> {
  const layout = largeGeotiffLayout();
  if (layout.ifdOffsets[0] <= 2 ** 32) throw new Error(`first IFD at ${layout.ifdOffsets[0]}: not past 4 GiB`);
  return writeSparseFile(join(dir, LARGE_GEOTIFF_NAME), layout.size, layout.pieces);
}
