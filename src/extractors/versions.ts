/**
 * Output version of each extractor. Bump a format's number when its records change, so cached
 * records re-extract. Kept apart from registry.ts so the main thread can read it without pulling
 * in the extractors.
 */
export const EXTRACTOR_VERSIONS = {
  fits: '2',
  dicom: '2',
  netcdf: '2',
  hdf5: '2',
  geotiff: '2',
  photo: '3',
} as const;

/** All versions in one string: part of every cache key. */
export const EXTRACTORS_VERSION = Object.entries(EXTRACTOR_VERSIONS)
  .map(([id, v]) => `${id}@${v}`)
  .join(',');
