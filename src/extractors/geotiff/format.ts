import type { FormatInfo } from '../format-info';

/** GeoTIFF (OGC 19-008r4) and Cloud Optimized GeoTIFF, classic TIFF or BigTIFF; media type image/tiff. */
export const format = {
  id: 'geotiff',
  label: 'GeoTIFF',
  version: '2',
  fileTypes: { 'image/tiff': ['tif', 'tiff', 'gtiff'] },
} as const satisfies FormatInfo;
