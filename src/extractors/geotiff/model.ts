/**
 * The normalized model of a (Geo)TIFF file that the record is built from: header, every IFD's
 * structure, GeoKeys, georeferencing and GDAL items. Built by read.ts, presented by present.ts.
 */
import type { GeoKeyDirectory } from './geokeys';
import type { CrsInfo } from './epsg';
import type { GhostArea } from './ghost';
import type { GeoTransform, TransformSource } from './geo';
import type { GdalMetadataItem } from './gdal';
import type { TagValue } from './ifd';
import type { RawEntry } from './ifd-scan';

/** What an IFD is within the file. */
export type IfdRole = 'main' | 'overview' | 'mask' | 'mask overview' | 'page' | 'image';

/** One tag for display: name, code, type, count and value (capped). */
export interface TagItem {
  entry: RawEntry;
  name: string;
  value: TagValue;
}

/** The structure of one IFD. */
export interface IfdModel {
  index: number;
  offset: number;
  role: IfdRole;
  width: number;
  height: number;
  samplesPerPixel: number;
  bitsPerSample: number[];
  sampleFormat: number[];
  /** GDAL data type name of the first sample, or null when GDAL has none. */
  dataType: string | null;
  compression: number;
  photometric: number | undefined;
  planar: number;
  tiled: boolean;
  tileWidth?: number;
  tileLength?: number;
  rowsPerStrip?: number;
  /** GDAL block size [x, y]. */
  blockSize: [number, number];
  newSubfileType: number;
  /** Number of strips or tiles (count of the offsets array). */
  strileCount: number;
  /** First strip/tile data offset (> 0), when known. */
  firstDataOffset?: number;
  /** End of the IFD's entry table. */
  end: number;
  tags: TagItem[];
  problems: string[];
}

/** Georeferencing of IFD0. */
export interface GeoModel {
  keys: GeoKeyDirectory | null;
  crs: CrsInfo;
  crsName: string | null;
  pixelIsPoint: boolean;
  hasGeoKeys: boolean;
  tiepoints?: number[];
  pixelScale?: number[];
  transformation?: number[];
  transform: { gt: GeoTransform; source: TransformSource } | null;
  /** Unit code of the CRS axes (EPSG UoM), when known. */
  unitCode?: number;
}

/** Everything read from the file. */
export interface TiffModel {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfdOffset: number;
  ifds: IfdModel[];
  ghost: GhostArea | null;
  /** All IFD tables lie before the first strip/tile data (null when not decidable). */
  ifdsBeforeData: boolean | null;
  geo: GeoModel;
  gdalMetadata: GdalMetadataItem[] | null;
  gdalNoDataText?: string;
  /** IFD chain ended early (loop, cap, error). */
  chainNote?: string;
}
