/**
 * The file types of each format: media type → file name extensions (lower case, no dot). One
 * list for the registry's detection hints (registry.ts `extensions`) and for the installed
 * app's `file_handlers` (vite.config.ts: the files the operating system offers to open with
 * MetaExtract). Media types: application/fits (RFC 4047), application/dicom (RFC 3240), image/*
 * (IANA); NetCDF and HDF5 have no registered type and go by their common x- names.
 * Plain data only: vite.config.ts imports it at build time.
 */
export const FILE_TYPES = {
  fits: { 'application/fits': ['fits', 'fit', 'fts', 'fz'] },
  dicom: { 'application/dicom': ['dcm', 'dicom', 'dic'] },
  netcdf: { 'application/x-netcdf': ['nc', 'cdf', 'nc3'] },
  hdf5: { 'application/x-hdf5': ['h5', 'hdf5', 'he5', 'hdf'], 'application/x-netcdf': ['nc', 'nc4'] },
  geotiff: { 'image/tiff': ['tif', 'tiff', 'gtiff'] },
  photo: {
    'image/jpeg': ['jpg', 'jpeg'],
    'image/tiff': ['tif', 'tiff'],
    'image/png': ['png'],
    'image/heic': ['heic'],
    'image/heif': ['heif'],
    'image/avif': ['avif'],
    'image/webp': ['webp'],
    'image/x-adobe-dng': ['dng'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type FormatWithFiles = keyof typeof FILE_TYPES;

/** A format's extensions, in the order listed. */
export function extensionsOf(format: FormatWithFiles): string[] {
  return [...new Set(Object.values(FILE_TYPES[format]).flat())];
}

/**
 * Every format's types merged into a Web App Manifest `file_handlers[].accept` value: media type
 * → extensions with their dot (https://wicg.github.io/manifest-incubations/#file_handlers-member).
 */
export function manifestAccept(): Record<string, string[]> {
  const accept: Record<string, string[]> = {};
  for (const types of Object.values(FILE_TYPES)) {
    for (const [type, extensions] of Object.entries(types) as [string, readonly string[]][]) {
      accept[type] = [...new Set([...(accept[type] ?? []), ...extensions.map((e) => `.${e}`)])];
    }
  }
  return accept;
}
